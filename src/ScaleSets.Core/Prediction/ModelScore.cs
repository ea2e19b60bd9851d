namespace ScaleSets.Prediction;

/// <summary>How one model did in a rolling-origin backtest.</summary>
/// <param name="Name">The model.</param>
/// <param name="Mase">Mean absolute scaled error: the MAE over every origin and step, divided by the in-sample one-step MAE of the seasonal naive (or naive) forecast.</param>
/// <param name="Smape">Symmetric mean absolute percentage error, 0 to 200.</param>
/// <param name="UnderForecastShare">The share of forecasts below the actual value, 0 to 1.</param>
/// <param name="FitTime">The mean time one fit took.</param>
/// <param name="Forecasts">How many (origin, step) forecasts were compared with an actual value.</param>
/// <param name="IsBaseline">Whether the model is a baseline (last value or seasonal naive).</param>
public sealed record ModelScore(string Name, double Mase, double Smape, double UnderForecastShare, TimeSpan FitTime, int Forecasts, bool IsBaseline);
