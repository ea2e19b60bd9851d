namespace ScaleSets.Prediction;

/// <summary>
/// Evaluates forecasting on a series honestly: the model is selected on the training part only, then every
/// candidate, the selection and the baselines are fitted on the training part and walk through the rest by
/// rolling origin (online updates every grain, refits every <c>refitEvery</c> grains), forecasting
/// <c>horizon</c> grains at every origin.
/// </summary>
public static class ForecastEvaluator
{
    /// <summary>
    /// Selects a model on the first <paramref name="trainingGrains"/> grains of <paramref name="series"/>, as the
    /// predictive scaler does, then backtests it, every candidate and the baselines on the rest.
    /// </summary>
    /// <param name="series">The whole series (NaN = missing).</param>
    /// <param name="trainingGrains">How many leading grains are the training part.</param>
    /// <param name="horizon">Grains forecast at each origin.</param>
    /// <param name="grain">The grain, to favour daily and weekly seasons.</param>
    /// <param name="refitEvery">Refit every this many grains; 0 never refits.</param>
    /// <param name="clock">Measures fit times.</param>
    /// <returns>The selection and each model's scores on the part after the training cut.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="horizon"/> is below 1, or the training part leaves no grain to evaluate.</exception>
    public static ForecastEvaluation Evaluate(ReadOnlySpan<double> series, int trainingGrains, int horizon, TimeSpan? grain, int refitEvery, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        if (trainingGrains < 1 || trainingGrains >= series.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(trainingGrains), trainingGrains, $"the training part must leave grains to evaluate (series has {series.Length})");
        }

        // Outages are missing in the inputs and are not scored: nobody forecasts a power cut. Spikes are clipped
        // only where the fit sees them (the training part); the evaluation scores against the raw values.
        var actuals = series.ToArray();
        for (var i = 0; i < actuals.Length; i++)
        {
            if (!double.IsFinite(actuals[i]))
            {
                actuals[i] = double.NaN;
            }
        }

        SeriesCleaner.MaskOutageZeros(actuals);
        var selection = ForecastFitter.Fit(series[..trainingGrains], new ForecastFitOptions { Grain = grain, Horizon = horizon, Clock = clock });
        var trainingClean = SeriesCleaner.Clean(series[..trainingGrains], selection.Seasons.Count > 0 ? selection.Seasons[0] : 0).Values;
        var inputs = new double[actuals.Length];
        trainingClean.CopyTo(inputs, 0);
        Array.Copy(actuals, trainingGrains, inputs, trainingGrains, actuals.Length - trainingGrains);

        var from = selection.HistoryStart;
        var fitInputs = inputs[from..];
        var fitActuals = actuals[from..];
        var start = trainingGrains - from;
        var seasons = selection.Seasons;
        var scale = ForecastScoring.Scale(actuals.AsSpan(from, trainingGrains - from), seasons.Count > 0 ? seasons[0] : 0);
        var positive = Array.TrueForAll(trainingClean, v => double.IsNaN(v) || v > 0);

        var models = new List<(IForecastModel Model, bool Baseline)>();
        models.AddRange(ModelCatalog.Baselines(seasons, grain).Select(m => (m, true)));
        models.AddRange(ModelCatalog.Candidates(seasons, positive).Select(m => (m, false)));
        if (selection.Selected is CombinedModel)
        {
            models.Add((selection.Selected.CreateUnfitted(), false));
        }

        var scores = new List<ModelScore>();
        foreach (var (model, baseline) in models)
        {
            if (model.MinimumHistory > start)
            {
                continue;
            }

            try
            {
                var run = Backtester.Run(model, fitInputs, start, horizon, 1, clock, refitEvery, isBaseline: baseline);
                scores.Add(ForecastScoring.Score(run.Name, run.Origins, run.Forecasts, horizon, fitActuals, scale, run.FitTime, baseline));
            }
            catch (ArgumentException)
            {
                // A model that cannot be fitted to this trace (too few observed values) has no row.
            }
        }

        return new ForecastEvaluation(selection, scores, trainingGrains, series.Length - trainingGrains, horizon, scale);
    }
}
