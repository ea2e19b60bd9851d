namespace ScaleSets.Prediction;

/// <summary>The candidate models for a series with the given seasons, and the two baselines.</summary>
internal static class ModelCatalog
{
    /// <summary>
    /// Returns the baselines: last value and seasonal naive on the shortest season or, when no season was detected,
    /// on one day (when the grain divides a day).
    /// </summary>
    public static IReadOnlyList<IForecastModel> Baselines(IReadOnlyList<int> seasons, TimeSpan? grain)
    {
        var list = new List<IForecastModel> { new LastValueModel() };
        if (seasons.Count > 0)
        {
            list.Add(new SeasonalNaiveModel(seasons[0]));
        }
        else if (DayLength(grain) is { } day)
        {
            list.Add(new SeasonalNaiveModel(day));
        }

        return list;
    }

    /// <summary>Returns one day in grains, when the grain divides a day into at least two grains.</summary>
    public static int? DayLength(TimeSpan? grain) =>
        grain is { } g && g > TimeSpan.Zero && TimeSpan.FromDays(1).Ticks % g.Ticks == 0 && TimeSpan.FromDays(1) / g >= 2
            ? (int)(TimeSpan.FromDays(1) / g)
            : null;

    /// <summary>Returns the candidates (not the baselines).</summary>
    /// <param name="seasons">The season lengths, shortest first.</param>
    /// <param name="positive">Whether every value is positive (multiplicative seasonality is possible).</param>
    public static IReadOnlyList<IForecastModel> Candidates(IReadOnlyList<int> seasons, bool positive)
    {
        var list = new List<IForecastModel>
        {
            new HoltWintersModel(0, SeasonalityKind.None, TrendKind.None),
            new HoltWintersModel(0, SeasonalityKind.None, TrendKind.Damped),
        };
        if (seasons.Count == 0)
        {
            return list;
        }

        var m = seasons[0];
        list.Add(new HoltWintersModel(m, SeasonalityKind.Additive, TrendKind.None));
        list.Add(new HoltWintersModel(m, SeasonalityKind.Additive, TrendKind.Damped));
        if (positive)
        {
            list.Add(new HoltWintersModel(m, SeasonalityKind.Multiplicative, TrendKind.Damped));
        }

        var harmonics = seasons.Select((s, i) => i == 0 ? Math.Min(10, Math.Max(1, (s - 1) / 2)) : Math.Min(6, Math.Max(1, (s - 1) / 2))).ToArray();
        list.Add(new FourierRegressionModel(seasons, harmonics, trend: false));
        list.Add(new FourierRegressionModel(seasons, harmonics, trend: true));
        return list;
    }
}
