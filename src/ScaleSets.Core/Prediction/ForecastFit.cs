namespace ScaleSets.Prediction;

/// <summary>The outcome of <see cref="ForecastFitter.Fit"/>: the selected model, ready for online updates, and the evidence.</summary>
internal sealed class ForecastFit
{
    public required IForecastModel Selected { get; init; }

    public required ModelScore SelectedScore { get; init; }

    /// <summary>Gets the backtest scores of every candidate, combination and baseline.</summary>
    public required IReadOnlyList<ModelScore> Scores { get; init; }

    /// <summary>Gets the MASE of the seasonal naive baseline, or NaN without a season.</summary>
    public required double SeasonalNaiveMase { get; init; }

    /// <summary>Gets the MASE of the last-value baseline.</summary>
    public required double LastValueMase { get; init; }

    public required PredictionIntervals Intervals { get; init; }

    public required IReadOnlyList<int> Seasons { get; init; }

    /// <summary>Gets the index where the fitted history starts (after a level shift, else 0).</summary>
    public required int HistoryStart { get; init; }

    public required IReadOnlyList<ForecastDiagnostic> Diagnostics { get; init; }

    /// <summary>Gets how long the whole fit took.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>Gets the MASE of the best baseline (seasonal naive when present, else last value) the selection must beat.</summary>
    public double BaselineMase => double.IsFinite(SeasonalNaiveMase) ? SeasonalNaiveMase : LastValueMase;
}
