namespace ScaleSets.Prediction;

/// <summary>
/// Rolling-origin evaluation: a model is fitted on the history before the first origin, then walks forward one grain
/// at a time (online update, optional periodic refit), forecasting the next <c>horizon</c> grains at every origin.
/// </summary>
internal static class Backtester
{
    /// <summary>Runs the backtest of <paramref name="model"/>.</summary>
    /// <param name="model">An unfitted model.</param>
    /// <param name="inputs">The series the model sees (fit and updates), NaN = missing.</param>
    /// <param name="start">The first origin: the model is fitted on <c>inputs[..start]</c>.</param>
    /// <param name="horizon">How many grains each origin forecasts.</param>
    /// <param name="step">Grains between origins.</param>
    /// <param name="clock">Measures the fit time.</param>
    /// <param name="refitEvery">Refit every this many grains after the start; 0 never refits.</param>
    /// <param name="maxFitHistory">The longest history a fit uses (the most recent part).</param>
    /// <param name="isBaseline">Whether the model is a baseline.</param>
    public static BacktestRun Run(IForecastModel model, double[] inputs, int start, int horizon, int step, TimeProvider clock, int refitEvery = 0, int maxFitHistory = int.MaxValue, bool isBaseline = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(start, model.MinimumHistory);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start, inputs.Length);

        var fitTicks = TimeSpan.Zero;
        var fits = 0;
        void FitOn(int end)
        {
            var from = Math.Max(0, end - maxFitHistory);
            var began = clock.GetTimestamp();
            model.Fit(inputs.AsSpan(from, end - from));
            fitTicks += clock.GetElapsedTime(began);
            fits++;
        }

        FitOn(start);
        var origins = new List<int>(((inputs.Length - start) / step) + 1);
        var forecasts = new List<double>(origins.Capacity * horizon);
        var buffer = new double[horizon];
        for (var t = start; t < inputs.Length; t++)
        {
            if (refitEvery > 0 && t > start && (t - start) % refitEvery == 0 && t - Math.Max(0, t - maxFitHistory) >= model.MinimumHistory)
            {
                FitOn(t);
            }

            if ((t - start) % step == 0)
            {
                model.Forecast(buffer);
                origins.Add(t);
                forecasts.AddRange(buffer);
            }

            model.Update(inputs[t]);
        }

        return new BacktestRun(model, [.. origins], [.. forecasts], horizon, fits == 0 ? TimeSpan.Zero : fitTicks / fits, isBaseline);
    }
}
