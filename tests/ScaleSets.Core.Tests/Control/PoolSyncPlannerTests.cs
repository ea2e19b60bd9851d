using ScaleSets.Abstractions;
using ScaleSets.Control;

namespace ScaleSets.Tests.Control;

[TestFixture]
public sealed class PoolSyncPlannerTests
{
    [Test]
    public void Plan_HealthyExtrasBeyondDesired_OnlyTheFirstRegistered()
    {
        var instances = new List<TrackedInstance> { ControllerParts.Instance(2, ready: false), ControllerParts.Instance(0), ControllerParts.Instance(1, ready: false) };

        var actions = PoolSyncPlanner.Plan(instances, 2);

        Assert.That(actions.Select(a => (a.Instance.Index, a.To)), Is.EqualTo(new[] { (1, LoadBalancerMemberState.Registered) }), "in index order, up to the desired count in the pool");
    }

    [Test]
    public void Plan_UnhealthyReadyAndMovedInstances_DrainedAndRegisteredAgain()
    {
        var unhealthy = ControllerParts.Instance(0);
        unhealthy.Healthy = false;
        var moved = ControllerParts.Instance(1);
        moved.Info = moved.Info with { Address = "10.9.9.9" };

        var actions = PoolSyncPlanner.Plan([unhealthy, moved], 2);

        Assert.That(actions.Select(a => (a.Instance.Index, a.To)), Is.EqualTo(new[] { (0, LoadBalancerMemberState.Draining), (1, LoadBalancerMemberState.Registered) }));
    }
}
