using ScaleSets.Simulation.Policies;
using ScaleSets.Simulation.Runs;
using ScaleSets.Simulation.Workloads;

namespace ScaleSets.Simulation.Tests.Simulator;

/// <summary>
/// Each public trace in ../shared/traces through every built-in policy with a 5-minute boot time, on a bounded slice
/// (three days) to keep the suite fast; benchmarks/README.md has the full-trace figures.
/// </summary>
[TestFixture]
public sealed class SharedTraceTests
{
    [TestCase("nasa-http-1995-per-minute.csv")]
    [TestCase("nab-elb-request-count-8c0756.csv")]
    [TestCase("nab-asg-cpu-misconfiguration.csv")]
    public void Run_SharedTraceSlice_EveryPolicyRunsAndDefaultBeatsStaticPeak(string file)
    {
        var path = TracePath(file);
        var full = TraceWorkload.ReadCsv(path, null, WorkloadUnit.PerInterval, TimeSpan.FromMinutes(1));
        var workload = full.Slice(null, full.Start.AddDays(3));
        var options = new SimulationOptions { BootTime = TimeSpan.FromMinutes(5) };
        var context = SimulationRunner.CreateContext(workload, options);
        var result = SimulationRunner.Run(workload, [.. BuiltInPolicies.Names.Select(n => BuiltInPolicies.Create(n, context))], options);
        var byName = result.Policies.ToDictionary(p => p.Name);
        Assert.Multiple(() =>
        {
            Assert.That(workload.Count, Is.EqualTo(3 * 1440));
            Assert.That(result.Demand.Max(), Is.EqualTo(50), "R is sized so the peak needs 50 instances");
            Assert.That(result.Policies.Select(p => p.Metrics.Deviation), Is.All.Matches<double>(double.IsFinite));
            Assert.That(byName[BuiltInPolicies.StaticPeak].Metrics.TauU, Is.EqualTo(0));
            Assert.That(byName[BuiltInPolicies.Default].Metrics.Deviation, Is.LessThan(byName[BuiltInPolicies.StaticPeak].Metrics.Deviation));
            Assert.That(byName[BuiltInPolicies.Default].Metrics.InstanceHours, Is.LessThan(byName[BuiltInPolicies.StaticPeak].Metrics.InstanceHours));
        });
    }

    /// <summary>The path of a shared trace; fails the test, saying where it was looked for, when the file is missing.</summary>
    internal static string TracePath(string file)
    {
        var path = Path.Combine(TracesDirectory(), file);
        Assert.That(File.Exists(path), Is.True, $"the shared trace {path} is missing; the simulator's trace tests need ../shared/traces beside the repository");
        return path;
    }

    private static string TracesDirectory()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ScaleSets.Core.sln")))
        {
            directory = directory.Parent;
        }

        if (directory?.Parent is null)
        {
            Assert.Fail($"ScaleSets.Core.sln not found above {AppContext.BaseDirectory}; cannot locate ../shared/traces");
        }

        return Path.Combine(directory!.Parent!.FullName, "shared", "traces");
    }
}
