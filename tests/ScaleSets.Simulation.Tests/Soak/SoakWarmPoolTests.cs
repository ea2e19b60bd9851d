extern alias FsCheckNUnit;
using FsCheck;
using FsCheck.Fluent;
using ScaleSets.Simulation.Soak;

namespace ScaleSets.Simulation.Tests.Soak;

/// <summary>The soak with a warm pool: the set's invariants, and the pool's own (kept apart, refilled once faults stop).</summary>
[TestFixture]
public sealed class SoakWarmPoolTests
{
    // Random capacity changes, model updates and faults (which also crash, lose and stop pooled instances), a controller
    // restart at a random step; even seeds return scale-in instances to the pool.
    [FsCheckNUnit::FsCheck.NUnit.Property(MaxTest = 15)]
    public Property RunAsync_WarmPoolUnderRandomOperationsFaultsAndRestart_NoInvariantViolated(PositiveInt seed, PositiveInt size, PositiveInt pool, PositiveInt faultPercent, PositiveInt steps)
    {
        var options = new SoakOptions
        {
            Seed = seed.Get,
            Instances = 1 + (size.Get % 60),
            WarmPoolSize = 1 + (pool.Get % 10),
            FaultRate = (faultPercent.Get % 41) / 100.0,
            Steps = 20 + (steps.Get % 150),
            Zones = 1 + (seed.Get % 3),
        };
        var report = new SoakRunner(options).RunAsync(CancellationToken.None).GetAwaiter().GetResult();
        var failures = string.Join("; ", report.Invariants.Where(i => i.Violations > 0).Select(i => i.Name + ": " + i.FirstViolation));
        var checkedPool = report.Invariants.Any(i => i.Name == "warm-pool-apart" && i.Checks > 0) && report.Invariants.Any(i => i.Name == "warm-pool-refilled" && i.Checks == 1);
        return (report.Passed && checkedPool && report.ControllerRestarts >= 1).Label(failures + $" restarts={report.ControllerRestarts} pool checked={checkedPool}");
    }

    [TestCase(20, 3, 10)]
    [TestCase(21, 3, 10)]
    [TestCase(7, 1, 3)]
    public async Task RunAsync_HalfOfAllCallsFaultedWithAWarmPool_NoInvariantViolated(int seed, int zones, int pool)
    {
        var report = await new SoakRunner(new SoakOptions { Seed = seed, Instances = 200, FaultRate = 0.5, Steps = 500, Zones = zones, WarmPoolSize = pool }).RunAsync(CancellationToken.None);

        Assert.That(report.Invariants.Where(i => i.Violations > 0).Select(i => i.Name + ": " + i.FirstViolation), Is.Empty);
        Assert.That(report.EventCounts.GetValueOrDefault("WarmPoolInstanceTaken"), Is.GreaterThan(0), "scale-outs took pooled instances");
    }
}
