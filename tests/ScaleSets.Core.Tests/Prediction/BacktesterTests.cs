using Microsoft.Extensions.Time.Testing;
using ScaleSets.Prediction;

namespace ScaleSets.Tests.Prediction;

[TestFixture]
public sealed class BacktesterTests
{
    [Test]
    public void Run_LastValue_ForecastsTheValueBeforeEachOrigin()
    {
        double[] series = [1, 2, 3, 4, 5, 6];

        var run = Backtester.Run(new LastValueModel(), series, start: 3, horizon: 2, step: 1, new FakeTimeProvider());

        Assert.That(run.Origins, Is.EqualTo(new[] { 3, 4, 5 }));
        Assert.That(run.Forecasts, Is.EqualTo(new double[] { 3, 3, 4, 4, 5, 5 }));
    }

    [Test]
    public void Run_Step_SpacesTheOrigins()
    {
        var series = Enumerable.Range(0, 20).Select(i => (double)i).ToArray();

        var run = Backtester.Run(new LastValueModel(), series, start: 5, horizon: 1, step: 4, new FakeTimeProvider());

        Assert.That(run.Origins, Is.EqualTo(new[] { 5, 9, 13, 17 }));
    }

    [Test]
    public void Run_Refit_FitsOnlyOnDataBeforeEachRefit()
    {
        var model = new CountingModel();
        var series = Enumerable.Range(0, 30).Select(i => (double)i).ToArray();

        Backtester.Run(model, series, start: 10, horizon: 1, step: 1, new FakeTimeProvider(), refitEvery: 7);

        Assert.That(model.FitLengths, Is.EqualTo(new[] { 10, 17, 24 }));
    }

    [Test]
    public void Run_StartBeforeMinimumHistory_Throws() =>
        Assert.That(() => Backtester.Run(new SeasonalNaiveModel(10), new double[30], 5, 1, 1, new FakeTimeProvider()), Throws.InstanceOf<ArgumentOutOfRangeException>());

    private sealed class CountingModel : IForecastModel
    {
        public List<int> FitLengths { get; } = [];

        public string Name => "Counting";

        public int MinimumHistory => 1;

        public bool IsFitted => FitLengths.Count > 0;

        public void Fit(ReadOnlySpan<double> history) => FitLengths.Add(history.Length);

        public void Update(double value)
        {
        }

        public void Forecast(Span<double> mean) => mean.Fill(FitLengths.Count);

        public IForecastModel CreateUnfitted() => new CountingModel();
    }
}
