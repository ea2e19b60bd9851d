using BenchmarkDotNet.Attributes;
using ScaleSets.Simulation.Policies;
using ScaleSets.Simulation.Runs;
using ScaleSets.Simulation.Workloads;

namespace ScaleSets.Benchmarks;

/// <summary>
/// Simulated steps per second: one day of the synthetic workload (1,440 steps) through the real engine for one policy,
/// at 50 and at 1000 peak instances. Steps per second = 1,440 / mean time. The baseline computes only the demand.
/// </summary>
[MemoryDiagnoser]
public class SimulationBenchmarks
{
    private Workload _day = null!;
    private SimulationOptions _options = null!;
    private SimulationPolicy _policy = null!;

    [Params(50, 1000)]
    public int PeakInstances { get; set; }

    [Params("default", "hpa")]
    public string Policy { get; set; } = "default";

    [GlobalSetup]
    public void Setup()
    {
        _day = SyntheticWorkload.Create(SyntheticWorkload.Web, 1).Slice(null, SyntheticWorkload.Start.AddDays(1));
        _options = new SimulationOptions { PeakInstances = PeakInstances, SpeedupBaseline = null };
        _policy = BuiltInPolicies.Create(Policy, SimulationRunner.CreateContext(_day, _options));
    }

    [Benchmark(Baseline = true)]
    public int DemandOnly()
    {
        var service = SimulationRunner.CreateService(_day, _options);
        var sum = 0;
        foreach (var load in _day.RequestsPerSecond)
        {
            sum += service.Demand(load);
        }

        return sum;
    }

    [Benchmark]
    public double OneDayOnePolicy() => SimulationRunner.Run(_day, [_policy], _options).Policies[0].Metrics.Deviation;
}
