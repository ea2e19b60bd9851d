namespace ScaleSets.Prediction;

/// <summary>One thing the forecaster found in a series or did about it, with where and how much.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Index">The index (grain, 0-based, in the fitted history) where it applies, or -1 when it is not at one place.</param>
/// <param name="Count">How many grains (or seasons, or models) it concerns.</param>
/// <param name="Message">A sentence saying what was found and done.</param>
public sealed record ForecastDiagnostic(ForecastDiagnosticKind Kind, int Index, int Count, string Message);
