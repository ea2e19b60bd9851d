namespace ScaleSets.Prediction;

/// <summary>A series prepared for fitting: outages as NaN, spikes clipped, and what was done.</summary>
/// <param name="Values">The cleaned values (NaN = missing).</param>
/// <param name="Gaps">How many grains were missing in the input.</param>
/// <param name="OutageZeros">How many zero grains were taken as outages and set missing.</param>
/// <param name="Spikes">How many spikes were clipped.</param>
/// <param name="Diagnostics">What was found and done.</param>
internal sealed record CleanedSeries(double[] Values, int Gaps, int OutageZeros, int Spikes, IReadOnlyList<ForecastDiagnostic> Diagnostics);
