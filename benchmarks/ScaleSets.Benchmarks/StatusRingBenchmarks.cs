using System.Reactive.Concurrency;
using BenchmarkDotNet.Attributes;
using ScaleSets.Abstractions;
using ScaleSets.Control;
using ScaleSets.Engine;
using ScaleSets.Hosting;
using ScaleSets.Metrics;
using ScaleSets.Model;
using ScaleSets.Simulation.Cloud;
using ScaleSets.Simulation.Time;

namespace ScaleSets.Benchmarks;

/// <summary>
/// What the dashboard's ring costs each evaluation: one tick of 1000 scale sets (the clock moves 15 s, each set gets a
/// sample, the engine evaluates all of them), each set with a controller of 4 settled instances. The baseline observes
/// every evaluation's timing and does nothing; <c>FullStatusRing</c> does what the ring did before (a full autoscaler
/// status and a full controller status per evaluation, for five numbers); <c>Ring</c> is <see cref="ScaleSetsRuntime"/>
/// as it is now (the latest evaluation's time, capacity and observed values, and the controller's last pass).
/// </summary>
[MemoryDiagnoser]
public class StatusRingBenchmarks
{
    private const int ScaleSets = 1000;
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    private HistoricalScheduler _scheduler = null!;
    private AutoscaleEngine _engine = null!;
    private ScaleSetAutoscaler[] _sets = null!;
    private ScaleSetController[] _controllers = null!;
    private ScaleSetsRuntime? _runtime;
    private IDisposable? _subscription;
    private readonly List<IDisposable> _attached = [];

    [GlobalSetup(Target = nameof(NoRing))]
    public void SetupNone() => Setup(Ring.None);

    [GlobalSetup(Target = nameof(FullStatusRing))]
    public void SetupFull() => Setup(Ring.FullStatus);

    [GlobalSetup(Target = nameof(RuntimeRing))]
    public void SetupRuntime() => Setup(Ring.Runtime);

    [GlobalCleanup]
    public void Cleanup()
    {
        _subscription?.Dispose();
        _attached.ForEach(a => a.Dispose());
        _runtime?.Dispose();
        _engine.Dispose();
        foreach (var controller in _controllers)
        {
            controller.Dispose();
        }
    }

    /// <summary>The tick, with a do-nothing observer of every evaluation's timing (what drives the ring).</summary>
    [Benchmark(Baseline = true)]
    public void NoRing() => RunTick();

    /// <summary>The tick, with the ring as it was: a full autoscaler status and controller status per evaluation.</summary>
    [Benchmark]
    public void FullStatusRing() => RunTick();

    /// <summary>The tick, with <see cref="ScaleSetsRuntime"/>'s ring as it is.</summary>
    [Benchmark]
    public void RuntimeRing() => RunTick();

    private void RunTick()
    {
        _scheduler.AdvanceBy(TimeSpan.FromSeconds(15));
        var now = _scheduler.Now;
        foreach (var set in _sets)
        {
            set.Ingest(new MetricSample("cpu", MetricSourceKind.Host, 50, now, "i-0"));
        }

        _engine.EvaluateAll();
    }

    private void Setup(Ring ring)
    {
        _scheduler = new HistoricalScheduler(Start);
        _engine = new AutoscaleEngine(_scheduler);
        _sets = [.. Enumerable.Range(0, ScaleSets).Select(i => _engine.AddScaleSet($"set-{i}", Setting(), 4))];
        var time = new VirtualTimeProvider(Start);
        var cloud = new SimulatedCloud(new SimulatedCloudOptions { CreateLatency = TimeSpan.Zero, OperationLatency = TimeSpan.Zero, BootTime = TimeSpan.Zero, BootTimeSpread = TimeSpan.Zero }, time);
        _controllers = [.. _sets.Select(s => new ScaleSetController(
            new ScaleSetControllerOptions { ScaleSetName = s.Name, InstanceWarmup = TimeSpan.Zero },
            new ScaleSetModel { Version = "v1", ImageReference = "image" },
            cloud.Compute,
            cloud.LoadBalancer,
            time))];
        var recent = new Dictionary<string, List<ScaleSetHistoryPoint>>(StringComparer.Ordinal);
        if (ring == Ring.Runtime)
        {
            _runtime = new ScaleSetsRuntime(_engine);
            for (var i = 0; i < ScaleSets; i++)
            {
                _attached.Add(_runtime.Attach(_sets[i].Name, _controllers[i]));
            }
        }
        else if (ring == Ring.FullStatus)
        {
            var controllers = _controllers.ToDictionary(c => c.GetStatus().Name, StringComparer.Ordinal);
            _subscription = _engine.EvaluationTimings.Subscribe(timing =>
            {
                _engine.TryGetScaleSet(timing.ScaleSet, out var autoscaler);
                var status = autoscaler!.GetStatus();
                var counts = controllers[timing.ScaleSet].GetStatus().Counts;
                var points = recent.TryGetValue(timing.ScaleSet, out var list) ? list : recent[timing.ScaleSet] = [];
                if (points.Count == ScaleSetsRuntime.RecentHistoryCapacity)
                {
                    points.RemoveAt(0);
                }

                points.Add(new ScaleSetHistoryPoint(status.LastEvaluation ?? timing.Time, status.Capacity, counts.Total, counts.InService + counts.WarmingUp, [.. status.Rules.Select(r => r.Observed)]));
            });
        }
        else
        {
            _subscription = _engine.EvaluationTimings.Subscribe(static _ => { });
        }

        foreach (var controller in _controllers)
        {
            controller.SetDesiredCapacity(4, null);
            for (var pass = 0; pass < 3; pass++)
            {
                var task = controller.ReconcileOnceAsync(CancellationToken.None);
                if (!time.RunUntilCompletedAsync(task, TimeSpan.FromHours(1)).GetAwaiter().GetResult())
                {
                    throw new InvalidOperationException("a pass did not finish");
                }
            }
        }

        for (var i = 0; i < 40; i++)
        {
            RunTick();
        }
    }

    private static AutoscaleSetting Setting() => CpuThresholdSetting.Create("ring", 1, 100, 4);

    private enum Ring
    {
        None,
        FullStatus,
        Runtime,
    }
}
