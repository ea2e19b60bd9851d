using Microsoft.Extensions.Time.Testing;
using ScaleSets.Prediction;

namespace ScaleSets.Tests.Prediction;

[TestFixture]
public sealed class ForecastFitterTests
{
    private static readonly (int, double)[] Daily = [(24, 20)];

    private static ForecastFitOptions Options(int horizon = 6) =>
        new() { Grain = TimeSpan.FromHours(1), Horizon = horizon, Clock = new FakeTimeProvider() };

    [Test]
    public void Fit_SeasonalSeries_SelectsAModelBetterThanBothBaselines()
    {
        var history = SyntheticSeries.Generate(24 * 21, 100, 0.02, Daily, 3);

        var fit = ForecastFitter.Fit(history, Options());

        Assert.That(fit.Seasons, Is.EqualTo(new[] { 24 }));
        Assert.That(fit.SelectedScore.Mase, Is.LessThan(fit.SeasonalNaiveMase));
        Assert.That(fit.SelectedScore.Mase, Is.LessThan(fit.LastValueMase));
        Assert.That(fit.Scores.Select(s => s.Name), Does.Contain("LastValue").And.Contain("SeasonalNaive(24)"));
        Assert.That(fit.Diagnostics.Select(d => d.Kind), Does.Contain(ForecastDiagnosticKind.ModelSelected).And.Contain(ForecastDiagnosticKind.Seasons));
    }

    [Test]
    public void Fit_CombinationNotAllowed_SelectsASingleModel()
    {
        var history = SyntheticSeries.Generate(24 * 21, 100, 0, Daily, 3);
        var options = Options();
        options.AllowCombination = false;

        var fit = ForecastFitter.Fit(history, options);

        Assert.That(fit.Selected, Is.Not.InstanceOf<CombinedModel>());
        Assert.That(fit.Scores.Any(s => s.Name.StartsWith("Mean[", StringComparison.Ordinal)), Is.False);
    }

    [Test]
    public void Fit_CombinationAllowed_ScoresCombinationsAndKeepsTheBest()
    {
        var history = SyntheticSeries.Generate(24 * 21, 100, 0, Daily, 3);

        var fit = ForecastFitter.Fit(history, Options());

        Assert.That(fit.Scores.Count(s => s.Name.StartsWith("Mean[", StringComparison.Ordinal)), Is.EqualTo(2));
        Assert.That(fit.SelectedScore.Mase, Is.EqualTo(fit.Scores.Where(s => !s.IsBaseline).Min(s => s.Mase)));
    }

    [Test]
    public void Fit_LevelShift_FitsOnTheDataAfterIt_AndForecastsTheNewLevel()
    {
        var history = SyntheticSeries.Generate(24 * 30, 100, 0, Daily, 1);
        for (var t = 24 * 20; t < history.Length; t++)
        {
            history[t] += 50;
        }

        var fit = ForecastFitter.Fit(history, Options());
        var forecast = new double[24];
        fit.Selected.Forecast(forecast);

        var shift = fit.Diagnostics.Single(d => d.Kind == ForecastDiagnosticKind.LevelShift);
        Assert.That(shift.Index, Is.InRange((24 * 20) - 5, (24 * 20) + 15));
        Assert.That(fit.HistoryStart, Is.EqualTo(shift.Index));
        Assert.That(forecast.Average(), Is.EqualTo(150).Within(4));
    }

    [Test]
    public void Fit_OutageAtTheEnd_DoesNotDragTheForecastToZero()
    {
        var history = SyntheticSeries.Generate(24 * 14, 100, 0, Daily, 2);
        for (var t = history.Length - 6; t < history.Length; t++)
        {
            history[t] = 0;
        }

        var fit = ForecastFitter.Fit(history, Options());
        var forecast = new double[6];
        fit.Selected.Forecast(forecast);

        Assert.That(fit.Diagnostics.Select(d => d.Kind), Does.Contain(ForecastDiagnosticKind.OutageZeros));
        for (var h = 0; h < forecast.Length; h++)
        {
            Assert.That(forecast[h], Is.EqualTo(SyntheticSeries.Truth(history.Length + h, 100, 0, Daily)).Within(10));
        }
    }

    [Test]
    public void Fit_SpikeAtTheEnd_IsClippedAndDoesNotLiftTheForecast()
    {
        var history = SyntheticSeries.Generate(24 * 14, 100, 0, Daily, 2);
        history[^3] = 2000;

        var fit = ForecastFitter.Fit(history, Options());
        var forecast = new double[6];
        fit.Selected.Forecast(forecast);

        Assert.That(fit.Diagnostics.Select(d => d.Kind), Does.Contain(ForecastDiagnosticKind.Spikes));
        Assert.That(forecast.Max(), Is.LessThan(140));
    }

    [Test]
    public void Intervals_UpperAtNinetyPercent_CoversAboutNinetyPercentOfNewValues()
    {
        var all = SyntheticSeries.Generate(24 * 40, 100, 0, Daily, 5, seed: 21);
        var history = all[..(24 * 28)];
        var fit = ForecastFitter.Fit(history, Options(horizon: 1));
        var model = fit.Selected;
        var mean = new double[1];
        var upper = new double[1];
        var covered = 0;
        for (var t = history.Length; t < all.Length; t++)
        {
            model.Forecast(mean);
            fit.Intervals.Upper(mean, 0.9, upper);
            if (all[t] <= upper[0])
            {
                covered++;
            }

            model.Update(all[t]);
        }

        var share = (double)covered / (all.Length - history.Length);
        Assert.That(share, Is.InRange(0.8, 0.97));
    }

    [Test]
    public void Fit_RecordsFitTimeFromTheInjectedClock()
    {
        var clock = new FakeTimeProvider();
        var history = SyntheticSeries.Generate(24 * 10, 100, 0, Daily, 2);

        var fit = ForecastFitter.Fit(history, new ForecastFitOptions { Grain = TimeSpan.FromHours(1), Clock = clock });

        Assert.That(fit.Elapsed, Is.EqualTo(TimeSpan.Zero));
        Assert.That(fit.Scores.All(s => s.FitTime == TimeSpan.Zero), Is.True);
    }
}
