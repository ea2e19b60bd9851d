using BenchmarkDotNet.Attributes;
using ScaleSets.Model;
using ScaleSets.Prediction;

namespace ScaleSets.Benchmarks;

/// <summary>
/// The cost of forecasting: one online Holt-Winters update per grain (against a loop doing the least arithmetic per
/// grain), the per-grain work of the predictive scaler, and a full refit (cleaning, season detection, level shifts,
/// every candidate fitted and backtested, selection, intervals) on two weeks of 5-minute data (4032 grains).
/// </summary>
[MemoryDiagnoser]
public class ForecastBenchmarks
{
    private const int Grains = 4032;
    private static readonly TimeSpan Grain = TimeSpan.FromMinutes(5);
    private readonly double[] _series = new double[Grains];
    private readonly double[] _forecast = new double[3];
    private HoltWintersModel _model = null!;
    private PredictiveScaler _scaler = null!;
    private DateTimeOffset _next;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        for (var t = 0; t < Grains; t++)
        {
            var daily = 200 * Math.Sin(2 * Math.PI * t / 288);
            var weekly = 40 * Math.Sin(2 * Math.PI * t / 2016);
            _series[t] = 400 + daily + weekly + (30 * (random.NextDouble() - 0.5));
        }

        _model = new HoltWintersModel(288, SeasonalityKind.Additive, TrendKind.Damped);
        _model.Fit(_series);
        _scaler = new PredictiveScaler(new PredictiveScalingPolicy { MetricName = "Requests", TargetPerInstance = 50, IsPerInstanceAverage = false, RefitInterval = TimeSpan.FromDays(7) }, Grain);
        var start = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
        for (var t = 0; t < Grains; t++)
        {
            _scaler.Observe(start + (Grain * t), _series[t]);
        }

        _next = start + (Grain * Grains);
        _scaler.Recommend(_next, 8, TimeSpan.FromMinutes(1));
    }

    /// <summary>The least work per grain: read the value, one multiply-add.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Grains)]
    public double BaselineLoop()
    {
        double sum = 0;
        foreach (var value in _series)
        {
            sum += value * 0.5;
        }

        return sum;
    }

    /// <summary>One online Holt-Winters update (additive daily season, damped trend) per grain.</summary>
    [Benchmark(OperationsPerInvoke = Grains)]
    public void HoltWintersUpdate()
    {
        foreach (var value in _series)
        {
            _model.Update(value);
        }
    }

    /// <summary>One update and a three-grain forecast per grain.</summary>
    [Benchmark(OperationsPerInvoke = Grains)]
    public double HoltWintersUpdateAndForecast()
    {
        double sum = 0;
        foreach (var value in _series)
        {
            _model.Update(value);
            _model.Forecast(_forecast);
            sum += _forecast[2];
        }

        return sum;
    }

    /// <summary>What the predictive scaler does per grain between refits: history, online accuracy, model update and forecast.</summary>
    [Benchmark(OperationsPerInvoke = Grains)]
    public void ScalerObserve()
    {
        foreach (var value in _series)
        {
            _scaler.Observe(_next, value);
            _next += Grain;
        }
    }

    /// <summary>A full refit on two weeks of 5-minute data, as the scaler runs it every refit interval.</summary>
    [Benchmark]
    public object FullRefit() => ForecastFitter.Fit(_series, new ForecastFitOptions { Grain = Grain, Horizon = 3 });
}
