namespace ScaleSets.Prediction;

/// <summary>
/// A predictive policy's forecast for one grain of its metric set against the value the grain turned out to have. The
/// forecast is the mean the model made lead time ahead of the grain, the one the policy's online accuracy scores.
/// </summary>
/// <param name="ScaleSet">The scale set whose predictive policy made the forecast.</param>
/// <param name="Metric">The metric forecast.</param>
/// <param name="GrainStart">The start of the grain.</param>
/// <param name="Forecast">The mean forecast for the grain.</param>
/// <param name="Observed">The grain's observed value.</param>
public readonly record struct ForecastOutcome(string ScaleSet, string Metric, DateTimeOffset GrainStart, double Forecast, double Observed)
{
    /// <summary>Gets the absolute percentage error, <c>100 × |forecast − observed| / |observed|</c>; NaN when the observed value is zero.</summary>
    public double AbsolutePercentageError => Observed == 0 ? double.NaN : 100 * Math.Abs(Forecast - Observed) / Math.Abs(Observed);
}
