extern alias FsCheckNUnit;
using FsCheck;
using FsCheck.Fluent;
using ScaleSets.Simulation.Soak;

namespace ScaleSets.Simulation.Tests.Soak;

[TestFixture]
public sealed class SoakRunnerTests
{
    // Random operation sequences (capacity changes, model updates) with fault injection (call failures, crashes, lost
    // instances, zone outages, load balancer restarts) and at least one controller restart at a random step.
    [FsCheckNUnit::FsCheck.NUnit.Property(MaxTest = 25)]
    public Property RunAsync_RandomOperationsWithFaultsAndRestart_NoInvariantViolated(PositiveInt seed, PositiveInt size, PositiveInt faultPercent, PositiveInt steps, bool batched)
    {
        var options = new SoakOptions
        {
            Seed = seed.Get,
            Instances = 1 + (size.Get % 60),
            FaultRate = (faultPercent.Get % 41) / 100.0,
            Steps = 20 + (steps.Get % 150),
            Zones = 1 + (seed.Get % 3),
            BatchSize = batched ? 1 + (size.Get % 50) : 1,
        };
        var report = new SoakRunner(options).RunAsync(CancellationToken.None).GetAwaiter().GetResult();
        var failures = string.Join("; ", report.Invariants.Where(i => i.Violations > 0).Select(i => i.Name + ": " + i.FirstViolation));
        return (report.Passed && report.ControllerRestarts >= 1).Label(failures + $" restarts={report.ControllerRestarts}");
    }

    [Test]
    public async Task RunAsync_ThousandInstancesBatchedUnderFaults_NoInvariantViolated()
    {
        var report = await new SoakRunner(new SoakOptions { Seed = 3, Instances = 1000, FaultRate = 0.2, Steps = 150, BatchSize = 100 }).RunAsync(CancellationToken.None);

        Assert.That(report.Invariants.Where(i => i.Violations > 0).Select(i => i.Name + ": " + i.FirstViolation), Is.Empty);
        Assert.That(report.InstancesCreated, Is.GreaterThan(500));
    }

    // Issue 17, item 8: the soak must pass at a 50% fault rate for every seed tried; 20 and 56 (200 instances, 500 steps,
    // 3 zones) broke capacity-in-range before a scale-in during a surge batch stopped keeping the batch's outdated instances.
    [TestCase(20, 3, 1)]
    [TestCase(56, 3, 1)]
    [TestCase(7, 1, 1)]
    [TestCase(11, 3, 7)]
    [TestCase(33, 2, 1)]
    [TestCase(41, 3, 25)]
    public async Task RunAsync_HalfOfAllCallsFaulted_NoInvariantViolated(int seed, int zones, int batchSize)
    {
        var report = await new SoakRunner(new SoakOptions { Seed = seed, Instances = 200, FaultRate = 0.5, Steps = 500, Zones = zones, BatchSize = batchSize }).RunAsync(CancellationToken.None);

        Assert.That(report.Invariants.Where(i => i.Violations > 0).Select(i => i.Name + ": " + i.FirstViolation), Is.Empty);
    }

    [Test]
    public async Task RunAsync_SameSeed_SameReport()
    {
        var options = new SoakOptions { Seed = 11, Instances = 80, FaultRate = 0.2, Steps = 120 };

        var first = await new SoakRunner(options).RunAsync(CancellationToken.None);
        var second = await new SoakRunner(options).RunAsync(CancellationToken.None);

        Assert.That(second.InstancesCreated, Is.EqualTo(first.InstancesCreated));
        Assert.That(second.EventCounts, Is.EquivalentTo(first.EventCounts));
        Assert.That(second.Invariants.Select(i => i.Checks), Is.EqualTo(first.Invariants.Select(i => i.Checks)));
    }

    [Test]
    public void Constructor_InvalidOptions_ListsEveryProblem()
    {
        var ex = Assert.Throws<ArgumentException>(() => _ = new SoakRunner(new SoakOptions { Instances = 0, FaultRate = 0.9, BatchSize = 0 }));

        Assert.That(ex!.Message, Does.Contain("--instances").And.Contain("--fault-rate").And.Contain("--batch-size"));
    }
}
