using BenchmarkDotNet.Attributes;
using ScaleSets.Abstractions;
using ScaleSets.Control;
using ScaleSets.Simulation.Cloud;
using ScaleSets.Simulation.Time;

namespace ScaleSets.Benchmarks;

/// <summary>
/// The controller against the simulated cloud: a 0 → 1000 scale-out with a fixed create latency and concurrency bound
/// (its virtual elapsed time is printed next to the lower bound ceil(1000 / C) × latency), and one reconcile pass over
/// 1000 settled instances against a baseline that only lists them.
/// </summary>
[MemoryDiagnoser]
public class ControllerBenchmarks
{
    private const int Concurrency = 50;
    private static readonly TimeSpan CreateLatency = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private VirtualTimeProvider _time = null!;
    private SimulatedCloud _cloud = null!;
    private ScaleSetController _settled = null!;

    [GlobalSetup]
    public void Setup()
    {
        (_time, _cloud, _settled) = Create();
        _settled.SetDesiredCapacity(1000, null);
        for (var i = 0; i < 20; i++)
        {
            Pass(_time, _settled);
            _time.Advance(TimeSpan.FromSeconds(15));
        }

        var elapsed = ScaleOut();
        var bound = TimeSpan.FromSeconds(Math.Ceiling(1000.0 / Concurrency) * CreateLatency.TotalSeconds);
        Console.WriteLine(FormattableString.Invariant($"// scale-out 0 -> 1000, C={Concurrency}, latency={CreateLatency.TotalSeconds} s: virtual {elapsed.TotalSeconds} s, lower bound {bound.TotalSeconds} s, ratio {elapsed / bound:F3}"));
    }

    [GlobalCleanup]
    public void Cleanup() => _settled.Dispose();

    [Benchmark(Baseline = true)]
    public int ListSettledInstances() =>
        _cloud.Compute.ListInstancesAsync("bench", CancellationToken.None).GetAwaiter().GetResult().Count;

    [Benchmark]
    public ReconcileResult ReconcileSettledThousand() => Pass(_time, _settled);

    [Benchmark]
    public TimeSpan ScaleOutZeroToThousand() => ScaleOut();

    private static TimeSpan ScaleOut()
    {
        var (time, _, controller) = Create();
        using (controller)
        {
            controller.SetDesiredCapacity(1000, null);
            Pass(time, controller);
            return time.GetUtcNow() - Start;
        }
    }

    private static (VirtualTimeProvider Time, SimulatedCloud Cloud, ScaleSetController Controller) Create()
    {
        var time = new VirtualTimeProvider(Start);
        var cloud = new SimulatedCloud(new SimulatedCloudOptions { CreateLatency = CreateLatency, BootTime = TimeSpan.Zero, BootTimeSpread = TimeSpan.Zero }, time);
        var options = new ScaleSetControllerOptions { ScaleSetName = "bench", MaxConcurrentOperations = Concurrency };
        options.Zones.Add("2");
        options.Zones.Add("3");
        var controller = new ScaleSetController(options, new ScaleSetModel { Version = "v1", ImageReference = "image" }, cloud.Compute, cloud.LoadBalancer, time);
        return (time, cloud, controller);
    }

    private static ReconcileResult Pass(VirtualTimeProvider time, ScaleSetController controller)
    {
        var task = controller.ReconcileOnceAsync(CancellationToken.None);
        if (!time.RunUntilCompletedAsync(task, TimeSpan.FromDays(1)).GetAwaiter().GetResult())
        {
            throw new InvalidOperationException("pass did not finish");
        }

        return task.GetAwaiter().GetResult();
    }
}
