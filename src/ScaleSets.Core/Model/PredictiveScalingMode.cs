namespace ScaleSets.Model;

/// <summary>Whether and how a predictive scaling policy takes part in scaling decisions.</summary>
public enum PredictiveScalingMode
{
    /// <summary>No forecasting: the reactive rules alone decide.</summary>
    Disabled,

    /// <summary>Forecasts and the decisions they would lead to are emitted and explained, but nothing is acted on.</summary>
    ForecastOnly,

    /// <summary>The capacity the forecast calls for is a floor under the reactive decision.</summary>
    Enabled,
}
