using ScaleSets.Simulation.Elasticity;
using ScaleSets.Simulation.Service;

namespace ScaleSets.Simulation.Tests.Elasticity;

[TestFixture]
public sealed class SloYardstickTests
{
    private static readonly ServiceModel Service = new(instanceCapacity: 10, targetUtilization: 0.7);
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [TestCase(0.0, 1)]
    [TestCase(5.0, 1)]
    [TestCase(10.0, 1)]
    [TestCase(10.5, 2)]
    [TestCase(95.0, 10)]
    public void BoundInstances_UtilizationOnly_FewestInstancesAtOrUnderFullUtilization(double load, int expected) =>
        Assert.That(SloYardstick.BoundInstances(load, Service, null), Is.EqualTo(expected));

    [Test]
    public void BoundInstances_LatencyObjective_FewestInstancesWhoseMMcLatencyMeetsIt()
    {
        // R = 10/s: service time 0.1 s. At 19 requests/s, 2 instances are at 95% (latency far above 0.2 s), 3 meet it.
        var latency = TimeSpan.FromSeconds(0.2);

        var bound = SloYardstick.BoundInstances(19, Service, latency);

        Assert.Multiple(() =>
        {
            Assert.That(Service.LatencySeconds(19, bound), Is.LessThanOrEqualTo(0.2));
            Assert.That(Service.LatencySeconds(19, bound - 1), Is.GreaterThan(0.2));
            Assert.That(bound, Is.EqualTo(3));
        });
    }

    [Test]
    public void BoundInstances_LatencyObjectiveAtTheServiceTime_RefusedBecauseNoCapacityMeetsIt() =>
        Assert.That(
            () => SloYardstick.BoundInstances(5, Service, TimeSpan.FromSeconds(0.1)),
            Throws.ArgumentException.With.Message.Contains("service time 1/R = 0.1 s"));

    [Test]
    public void IsWithinSlo_ExactlyFullUtilization_IsWithin_AboveIsNot()
    {
        Assert.Multiple(() =>
        {
            Assert.That(SloYardstick.IsWithinSlo(20, 2, Service, null), Is.True);
            Assert.That(SloYardstick.IsWithinSlo(20.01, 2, Service, null), Is.False);
            Assert.That(SloYardstick.IsWithinSlo(0, 0, Service, null), Is.True, "no load, no instance: nothing waits");
        });
    }

    [Test]
    public void Compute_SupplyEqualToTheBoundEverywhere_FullAttainmentAtRatioOne()
    {
        double[] load = [5, 15, 25, 35, 25, 15];
        var bound = SloYardstick.Bound(load, Service, null);
        var violated = load.Select((l, i) => !SloYardstick.IsWithinSlo(l, bound[i], Service, null)).ToArray();

        var metrics = SloYardstick.Compute(violated, [.. bound.Select(b => (double)b)], bound, Minute, 0.99);

        Assert.Multiple(() =>
        {
            Assert.That(bound, Is.EqualTo(new[] { 1, 2, 3, 4, 3, 2 }));
            Assert.That(metrics.Attainment, Is.EqualTo(1));
            Assert.That(metrics.CostRatio, Is.EqualTo(1));
            Assert.That(metrics.BoundInstanceHours, Is.EqualTo(15 / 60.0).Within(1e-12));
            Assert.That(metrics.MeetsTarget, Is.True);
        });
    }

    [Test]
    public void Compute_StaticSupply_HandComputedAttainmentAndCost()
    {
        // A static 3 instances (30 requests/s at 100%): the step at 35 is outside; 1 of 6 steps.
        double[] load = [5, 15, 25, 35, 25, 15];
        var bound = SloYardstick.Bound(load, Service, null);
        var violated = load.Select(l => !SloYardstick.IsWithinSlo(l, 3, Service, null)).ToArray();

        var metrics = SloYardstick.Compute(violated, [3, 3, 3, 3, 3, 3], bound, Minute, 0.99);

        Assert.Multiple(() =>
        {
            Assert.That(violated, Is.EqualTo(new[] { false, false, false, true, false, false }));
            Assert.That(metrics.Attainment, Is.EqualTo(5 / 6.0).Within(1e-12));
            Assert.That(metrics.InstanceHours, Is.EqualTo(18 / 60.0).Within(1e-12));
            Assert.That(metrics.CostRatio, Is.EqualTo(18 / 15.0).Within(1e-12));
            Assert.That(metrics.MeetsTarget, Is.False);
        });
    }

    [TestCase(0.0)]
    [TestCase(1.0001)]
    [TestCase(double.NaN)]
    public void Compute_TargetOutsideZeroToOne_Refused(double target) =>
        Assert.That(() => SloYardstick.Compute([false], [1], [1], Minute, target), Throws.ArgumentException.With.Message.Contains("attainment target"));
}
