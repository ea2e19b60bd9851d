using System.Reactive.Concurrency;
using BenchmarkDotNet.Attributes;
using ScaleSets.Engine;
using ScaleSets.Metrics;
using ScaleSets.Model;

namespace ScaleSets.Benchmarks;

/// <summary>
/// One evaluation tick of 1000 scale sets with 10 rules each, against a baseline that only reads the precomputed
/// window aggregates (the rolling windows' cached results, where the engine keeps them) and compares them with the
/// thresholds. In steady state no rule is met, as in a settled fleet.
/// </summary>
/// <remarks>
/// The "PerMinute" category measures a whole minute of steady operation instead: the clock moves one grain, one sample
/// per series arrives (10,000 samples), and the tick slides every rolling window by that grain; its baseline is the same
/// minute without the tick, so the ratio shows what the evaluation adds to ingestion.
/// </remarks>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class EngineTickBenchmarks
{
    private const int ScaleSets = 1000;
    private const int Rules = 10;
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    private readonly string[] _metrics = [.. Enumerable.Range(0, Rules).Select(i => $"metric-{i}")];
    private ScaleSetAutoscaler[] _sets = null!;
    private HistoricalScheduler _scheduler = null!;
    private AutoscaleEngine _engine = null!;
    private double[] _thresholds = null!;

    [GlobalSetup]
    public void Setup()
    {
        _scheduler = new HistoricalScheduler(Start);
        _engine = new AutoscaleEngine(_scheduler);
        var sets = _sets = new ScaleSetAutoscaler[ScaleSets];
        for (var s = 0; s < ScaleSets; s++)
        {
            sets[s] = _engine.AddScaleSet($"set-{s}", Setting(), 5);
        }

        for (var minute = 0; minute < 15; minute++)
        {
            _scheduler.AdvanceTo(Start + TimeSpan.FromMinutes(minute));
            Feed(sets, _scheduler.Now);
        }

        _scheduler.AdvanceTo(Start + TimeSpan.FromMinutes(15));
        _engine.EvaluateAll();

        _thresholds = new double[Rules];
        for (var i = 0; i < Rules; i++)
        {
            _thresholds[i] = i % 2 == 0 ? 90 : 5;
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

    /// <summary>The least a tick can do: read each rule's precomputed aggregate and compare it with its threshold.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Tick")]
    public int ReadPrecomputedAggregates()
    {
        var met = 0;
        var now = _scheduler.Now;
        var thresholds = _thresholds;
        foreach (var set in _sets)
        {
            var store = set.Store;
            for (var r = 0; r < Rules; r += 2)
            {
                met += store.Read(r, now).Value > thresholds[r] ? 1 : 0;
                met += store.Read(r + 1, now).Value < thresholds[r + 1] ? 1 : 0;
            }
        }

        return met;
    }

    /// <summary>A real tick: for every scale set, the active profile, each rule's window aggregate, the policy, the result.</summary>
    [Benchmark]
    [BenchmarkCategory("Tick")]
    public void EvaluationTick() => _engine.EvaluateAll();

    /// <summary>One minute of ingestion alone: the clock moves a grain and every series receives one sample.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("PerMinute")]
    public void IngestOneMinute()
    {
        _scheduler.AdvanceBy(TimeSpan.FromMinutes(1));
        Feed(_sets, _scheduler.Now);
    }

    /// <summary>The same minute followed by the tick, which slides every rolling window by one grain.</summary>
    [Benchmark]
    [BenchmarkCategory("PerMinute")]
    public void IngestOneMinuteAndTick()
    {
        _scheduler.AdvanceBy(TimeSpan.FromMinutes(1));
        Feed(_sets, _scheduler.Now);
        _engine.EvaluateAll();
    }

    private static AutoscaleSetting Setting()
    {
        var profile = new AutoscaleProfile { Name = "default", Capacity = new ScaleCapacity { Minimum = 1, Maximum = 100, Default = 5 } };
        for (var r = 0; r < Rules; r++)
        {
            var increase = r % 2 == 0;
            profile.Rules.Add(new ScaleRule
            {
                MetricTrigger = new MetricTrigger
                {
                    MetricName = $"metric-{r}",
                    TimeWindow = TimeSpan.FromMinutes(10),
                    Operator = increase ? ComparisonOperator.GreaterThan : ComparisonOperator.LessThan,
                    Threshold = increase ? 90 : 5,
                },
                ScaleAction = new ScaleAction { Direction = increase ? ScaleDirection.Increase : ScaleDirection.Decrease },
            });
        }

        return new AutoscaleSetting { Name = "tick", Profiles = [profile] };
    }

    private void Feed(ScaleSetAutoscaler[] sets, DateTimeOffset now)
    {
        foreach (var set in sets)
        {
            foreach (var metric in _metrics)
            {
                set.Ingest(new MetricSample(metric, MetricSourceKind.Host, 50, now, "i-0"));
            }
        }
    }
}
