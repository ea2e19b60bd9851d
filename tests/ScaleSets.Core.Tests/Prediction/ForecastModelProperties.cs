using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.Time.Testing;
using ScaleSets.Prediction;

namespace ScaleSets.Tests.Prediction;

/// <summary>Invariants of every forecasting model over random series.</summary>
[TestFixture]
public sealed class ForecastModelProperties
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(60).WithQuietOnSuccess(true);

    private static IForecastModel[] Models(int season) =>
    [
        new LastValueModel(),
        new SeasonalNaiveModel(season),
        new HoltWintersModel(0, SeasonalityKind.None, TrendKind.None),
        new HoltWintersModel(0, SeasonalityKind.None, TrendKind.Damped),
        new HoltWintersModel(season, SeasonalityKind.Additive, TrendKind.Linear),
        new HoltWintersModel(season, SeasonalityKind.Additive, TrendKind.Damped),
        new HoltWintersModel(season, SeasonalityKind.Multiplicative, TrendKind.Damped),
        new FourierRegressionModel([season], [3], trend: true),
    ];

    private static Gen<(int Season, double[] Series)> Series() =>
        from season in Gen.Choose(4, 24)
        from seasons in Gen.Choose(3, 8)
        from level in Gen.Choose(1, 1000)
        from amplitude in Gen.Choose(0, 100)
        from noise in Gen.Choose(0, 50)
        from gaps in Gen.Choose(0, 20)
        from seed in Gen.Choose(0, 10_000)
        select (season, WithGaps(SyntheticSeries.Generate(season * seasons, level, 0, [(season, level * amplitude / 200.0)], level * noise / 500.0, seed), gaps, seed));

    [Test]
    public void Forecast_AnySeriesWithGaps_IsFinite() =>
        Check.One(Config, Prop.ForAll(Series().ToArbitrary(), input =>
        {
            var forecast = new double[input.Season + 3];
            foreach (var model in Models(input.Season))
            {
                model.Fit(input.Series);
                model.Forecast(forecast);
                if (!forecast.All(double.IsFinite))
                {
                    return false;
                }

                model.Update(double.NaN);
                model.Update(input.Series[0]);
                model.Forecast(forecast);
                if (!forecast.All(double.IsFinite))
                {
                    return false;
                }
            }

            return true;
        }));

    [Test]
    public void Forecast_ConstantSeries_IsTheConstant() =>
        Check.One(Config, Prop.ForAll(Gen.Zip(Gen.Choose(4, 24), Gen.Choose(1, 100_000)).ToArbitrary(), input =>
        {
            var (season, c) = input;
            var series = Enumerable.Repeat(c / 10.0, season * 4).ToArray();
            var forecast = new double[season * 2];
            foreach (var model in Models(season))
            {
                model.Fit(series);
                model.Forecast(forecast);
                if (!forecast.All(f => Math.Abs(f - (c / 10.0)) <= 1e-6 * Math.Max(1, c / 10.0)))
                {
                    return false;
                }
            }

            return true;
        }));

    [Test]
    public void Forecast_InputScaledByPositiveFactor_IsScaledByTheSameFactor() =>
        Check.One(Config, Prop.ForAll(Gen.Zip(Series(), Gen.Choose(1, 10_000)).ToArbitrary(), input =>
        {
            var ((season, series), k) = input;
            var factor = k / 100.0;
            var scaled = series.Select(v => v * factor).ToArray();
            var forecast = new double[season];
            var scaledForecast = new double[season];
            var models = Models(season);
            var scaledModels = Models(season);
            for (var i = 0; i < models.Length; i++)
            {
                models[i].Fit(series);
                models[i].Forecast(forecast);
                scaledModels[i].Fit(scaled);
                scaledModels[i].Forecast(scaledForecast);
                var size = forecast.Max(Math.Abs);
                for (var h = 0; h < season; h++)
                {
                    if (Math.Abs((forecast[h] * factor) - scaledForecast[h]) > 1e-4 * Math.Max(1e-9, size * factor))
                    {
                        return false;
                    }
                }
            }

            return true;
        }));

    [Test]
    public void Fit_ConstantSeries_SelectedForecastIsTheConstant() =>
        Check.One(Config.WithMaxTest(20), Prop.ForAll(Gen.Choose(1, 100_000).ToArbitrary(), c =>
        {
            var series = Enumerable.Repeat(c / 10.0, 24 * 5).ToArray();
            var fit = ForecastFitter.Fit(series, new ForecastFitOptions { Grain = TimeSpan.FromHours(1), Clock = new FakeTimeProvider() });
            var forecast = new double[12];
            fit.Selected.Forecast(forecast);
            return forecast.All(f => Math.Abs(f - (c / 10.0)) <= 1e-6 * Math.Max(1, c / 10.0));
        }));

    private static double[] WithGaps(double[] series, int gaps, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < gaps; i++)
        {
            // Keep the first two seasons' ends observed so every model has data to start from.
            series[random.Next(series.Length / 2, series.Length - 1)] = double.NaN;
        }

        return series;
    }
}
