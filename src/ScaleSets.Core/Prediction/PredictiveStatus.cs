namespace ScaleSets.Prediction;

/// <summary>Whether a predictive policy takes part in the decision, or why it stands aside.</summary>
public enum PredictiveStatus
{
    /// <summary>The policy is disabled.</summary>
    Disabled,

    /// <summary>Not enough history yet; <see cref="PredictiveRecommendation.MissingHistory"/> says how much more is needed.</summary>
    InsufficientHistory,

    /// <summary>The backtest says the selected model forecasts no better than seasonal naive; the reactive rules decide.</summary>
    WorseThanSeasonalNaive,

    /// <summary>The models could not be fitted to the history (for example almost all of it is missing).</summary>
    FitFailed,

    /// <summary>The forecast gives a capacity (a floor when the mode is Enabled, information when it is ForecastOnly).</summary>
    Active,

    /// <summary>
    /// The first model is being fitted beside the evaluation (the engine refits in the background, see
    /// <c>AutoscaleEngineOptions.PredictiveRefit</c>); the reactive rules decide until it is ready.
    /// </summary>
    Fitting,
}
