using System.Globalization;

namespace ScaleSets.Prediction;

/// <summary>
/// Fits a forecaster to a history: cleans it (gaps, outage zeros, spikes), detects seasons, cuts the history at a
/// level shift, backtests every candidate and the baselines by rolling origin on the history's last part, selects by
/// MASE (or the mean of the best two or three), and derives prediction intervals from the selected backtest residuals.
/// The selected model is returned updated to the end of the history.
/// </summary>
internal static class ForecastFitter
{
    public static ForecastFit Fit(ReadOnlySpan<double> history, ForecastFitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Horizon, 1);
        var began = options.Clock.GetTimestamp();
        var preliminary = history.ToArray();
        SeriesCleaner.MaskOutageZeros(preliminary);
        var seasons = options.Seasons ?? SeasonDetector.Detect(preliminary, options.Grain).Select(s => s.Length).ToArray();
        var cleaned = SeriesCleaner.Clean(history, seasons.Count > 0 ? seasons[0] : 0);
        var diagnostics = new List<ForecastDiagnostic>(cleaned.Diagnostics);
        diagnostics.Add(seasons.Count == 0
            ? new ForecastDiagnostic(ForecastDiagnosticKind.NoSeason, -1, 0, "no season detected")
            : new ForecastDiagnostic(ForecastDiagnosticKind.Seasons, -1, seasons.Count, "seasons of " + string.Join(" and ", seasons.Select(s => s.ToString(CultureInfo.InvariantCulture))) + " grains"));

        // Models see the cleaned values; forecasts are scored (and intervals built) against the values as they came,
        // outages aside, because spikes are part of the load capacity must serve.
        var values = cleaned.Values;
        var actuals = preliminary;
        var historyStart = 0;
        if (options.DetectLevelShifts)
        {
            var m = seasons.Count > 0 ? seasons[0] : 0;
            var minimumRun = Math.Max(12, m / 4);
            if (LevelShiftDetector.FindLast(values, m, minimumRun) is { } shift)
            {
                var needed = MinimumFitLength(seasons, options.Horizon);
                if (values.Length - shift.Index >= needed)
                {
                    historyStart = shift.Index;
                    values = values[shift.Index..];
                    actuals = actuals[shift.Index..];
                    diagnostics.Add(new ForecastDiagnostic(ForecastDiagnosticKind.LevelShift, shift.Index, values.Length, Invariant($"level shift at index {shift.Index} (from {shift.Before:G4} to {shift.After:G4} off the seasonal profile); fitted on the {values.Length} grains after it")));
                }
                else
                {
                    diagnostics.Add(new ForecastDiagnostic(ForecastDiagnosticKind.LevelShiftIgnored, shift.Index, values.Length - shift.Index, Invariant($"level shift at index {shift.Index}, but only {values.Length - shift.Index} grains follow it (need {needed}); fitted on the whole history")));
                }
            }
        }

        var positive = Array.TrueForAll(values, v => double.IsNaN(v) || v > 0);
        var selection = Select(values, actuals, seasons, positive, options);
        diagnostics.Add(new ForecastDiagnostic(ForecastDiagnosticKind.ModelSelected, -1, selection.Scores.Count, Invariant($"selected {selection.Selected.Name} with backtest MASE {selection.SelectedScore.Mase:F3} (seasonal naive {selection.SeasonalNaiveMase:F3}, last value {selection.LastValueMase:F3})")));
        return new ForecastFit
        {
            Selected = selection.Selected,
            SelectedScore = selection.SelectedScore,
            Scores = selection.Scores,
            SeasonalNaiveMase = selection.SeasonalNaiveMase,
            LastValueMase = selection.LastValueMase,
            Intervals = selection.Intervals,
            Seasons = seasons,
            HistoryStart = historyStart,
            Diagnostics = diagnostics,
            Elapsed = options.Clock.GetElapsedTime(began),
        };
    }

    /// <summary>Returns the shortest history a fit with these seasons needs: two of the shortest season plus a backtest.</summary>
    public static int MinimumFitLength(IReadOnlyList<int> seasons, int horizon)
    {
        var m = seasons.Count > 0 ? seasons[0] : 0;
        var fit = Math.Max((2 * m) + 1, 16);
        return fit + Math.Max(4 * horizon, Math.Max(m / 2, 8));
    }

    private static (IForecastModel Selected, ModelScore SelectedScore, IReadOnlyList<ModelScore> Scores, double SeasonalNaiveMase, double LastValueMase, PredictionIntervals Intervals)
        Select(double[] values, double[] actuals, IReadOnlyList<int> seasons, bool positive, ForecastFitOptions options)
    {
        var n = values.Length;
        var m = seasons.Count > 0 ? seasons[0] : 0;
        var backtest = Math.Max((int)(n * options.BacktestShare), Math.Min(n / 2, 4 * options.Horizon));
        var start = n - backtest;
        if (start < 3)
        {
            throw new ArgumentException($"the history of {n} grains is too short to fit and backtest", nameof(values));
        }

        var step = Math.Max(1, backtest / options.MaxOrigins);
        var scale = ForecastScoring.Scale(actuals.AsSpan(0, start), m);
        var runs = new List<BacktestRun>();
        foreach (var model in ModelCatalog.Baselines(seasons, options.Grain))
        {
            if (model.MinimumHistory <= start)
            {
                runs.Add(Backtester.Run(model, values, start, options.Horizon, step, options.Clock, isBaseline: true));
            }
        }

        foreach (var model in ModelCatalog.Candidates(seasons, positive))
        {
            if (model.MinimumHistory > start)
            {
                continue;
            }

            try
            {
                runs.Add(Backtester.Run(model, values, start, options.Horizon, step, options.Clock));
            }
            catch (ArgumentException)
            {
                // A candidate that cannot be fitted to this history (too few observed values) is left out.
            }
        }

        var scored = runs.Select(r => (Run: r, Score: ForecastScoring.Score(r.Name, r.Origins, r.Forecasts, r.Horizon, actuals, scale, r.FitTime, r.IsBaseline))).ToList();
        var scores = scored.Select(s => s.Score).ToList();
        var candidates = scored.Where(s => !s.Run.IsBaseline && double.IsFinite(s.Score.Mase)).OrderBy(s => s.Score.Mase).ToList();
        var lastValueMase = scored.First(s => s.Run.Model is LastValueModel).Score.Mase;
        var seasonalNaiveMase = scored.Where(s => s.Run.Model is SeasonalNaiveModel).Select(s => s.Score.Mase).DefaultIfEmpty(double.NaN).First();
        if (candidates.Count == 0)
        {
            var fallback = scored.First(s => s.Run.Model is LastValueModel);
            return (fallback.Run.Model, fallback.Score, scores, seasonalNaiveMase, lastValueMase, Intervals(fallback.Run.Origins, fallback.Run.Forecasts, options.Horizon, actuals));
        }

        var best = candidates[0];
        IForecastModel selected = best.Run.Model;
        var selectedScore = best.Score;
        var selectedForecasts = best.Run.Forecasts;
        if (options.AllowCombination)
        {
            for (var k = 2; k <= Math.Min(3, candidates.Count); k++)
            {
                var members = candidates.Take(k).Select(c => c.Run).ToList();
                var forecasts = ForecastScoring.Mean(members);
                var combined = new CombinedModel([.. members.Select(r => r.Model)]);
                var fitTime = members.Aggregate(TimeSpan.Zero, (sum, r) => sum + r.FitTime);
                var score = ForecastScoring.Score(combined.Name, best.Run.Origins, forecasts, options.Horizon, actuals, scale, fitTime, isBaseline: false);
                scores.Add(score);
                if (score.Mase < selectedScore.Mase)
                {
                    selected = combined;
                    selectedScore = score;
                    selectedForecasts = forecasts;
                }
            }
        }

        return (selected, selectedScore, scores, seasonalNaiveMase, lastValueMase, Intervals(best.Run.Origins, selectedForecasts, options.Horizon, actuals));
    }

    private static PredictionIntervals Intervals(int[] origins, double[] forecasts, int horizon, double[] actuals) =>
        new(ForecastScoring.ResidualsByStep(origins, forecasts, horizon, actuals));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
