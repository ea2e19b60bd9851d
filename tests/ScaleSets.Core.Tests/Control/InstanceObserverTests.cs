using ScaleSets.Abstractions;
using ScaleSets.Control;

namespace ScaleSets.Tests.Control;

[TestFixture]
public sealed class InstanceObserverTests
{
    [Test]
    public void Apply_UnknownInstanceWithAMember_AdoptedAsHavingServedAlready()
    {
        var parts = new ControllerParts();
        var observer = new InstanceObserver(parts.Table, parts.Gate);
        var member = new LoadBalancerMember("vm-1", "web_000001", "10.0.0.1", LoadBalancerMemberState.Ready, 3);

        using (parts.Gate.Enter())
        {
            observer.Apply([ControllerParts.Info(1), ControllerParts.Info(2)], [member], ControllerParts.Now);
        }

        parts.Table.TryGet("vm-1", out var served);
        parts.Table.TryGet("vm-2", out var fresh);
        Assert.Multiple(() =>
        {
            Assert.That((served!.EverHealthy, served.CreatedHookDone, served.Member), Is.EqualTo((true, true, member)));
            Assert.That((fresh!.EverHealthy, fresh.Member), Is.EqualTo((false, (LoadBalancerMember?)null)));
            Assert.That(parts.Events.Select(e => (e.Kind, e.InstanceId)), Is.EqualTo(new[] { (ControllerEventKind.InstanceAdopted, "vm-1"), (ControllerEventKind.InstanceAdopted, "vm-2") }));
        });
    }

    [Test]
    public void Apply_InstanceGoneAndMemberLeft_DroppedAndTheMemberAnOrphan()
    {
        var parts = new ControllerParts();
        var observer = new InstanceObserver(parts.Table, parts.Gate);
        var member = new LoadBalancerMember("vm-1", "web_000001", "10.0.0.1", LoadBalancerMemberState.Ready, 0);
        using (parts.Gate.Enter())
        {
            observer.Apply([ControllerParts.Info(1), ControllerParts.Info(2)], [member], ControllerParts.Now);
        }

        (List<TrackedInstance>? Lost, List<LoadBalancerMember>? Orphans) outcome;
        using (parts.Gate.Enter())
        {
            outcome = observer.Apply([ControllerParts.Info(2)], [member], ControllerParts.Now);
        }

        Assert.Multiple(() =>
        {
            Assert.That(outcome.Lost!.Select(t => t.Id), Is.EqualTo(new[] { "vm-1" }));
            Assert.That(outcome.Orphans, Is.EqualTo(new[] { member }));
            Assert.That(parts.Table.Contains("vm-1"), Is.False);
            Assert.That(parts.Warmup.Calls, Is.EqualTo(new[] { "clear vm-1" }));
            Assert.That(parts.Events[^1].Kind, Is.EqualTo(ControllerEventKind.InstanceLost));
        });
    }

    [Test]
    public void Apply_SameListingObjectsAgain_MatchesAsALookupWould()
    {
        var parts = new ControllerParts();
        var observer = new InstanceObserver(parts.Table, parts.Gate);
        var one = ControllerParts.Info(1);
        var two = ControllerParts.Info(2);
        var member = new LoadBalancerMember("vm-2", "web_000002", "10.0.0.1", LoadBalancerMemberState.Ready, 0);
        (List<TrackedInstance>? Lost, List<LoadBalancerMember>? Orphans) outcome;
        using (parts.Gate.Enter())
        {
            observer.Apply([one, two], [member], ControllerParts.Now);
            parts.Table.TryGet("vm-1", out var first);

            // The controller describes an instance anew (a start's answer); the same listing object sets it back.
            first!.Info = one with { State = InstanceState.Stopped };
            observer.Apply([one, two], [member], ControllerParts.Now);
            Assert.That(first.Info, Is.SameAs(one));

            // An instance dropped and listed again under the same object is adopted afresh, not matched to the dropped one.
            observer.Apply([two], [member], ControllerParts.Now);
            outcome = observer.Apply([one, two], [member], ControllerParts.Now);
            parts.Table.TryGet("vm-1", out var again);
            Assert.That(again, Is.Not.SameAs(first));
            Assert.That(again!.Observation, Is.EqualTo(parts.Table.All.First(t => t.Id == "vm-2").Observation));
        }

        parts.Table.TryGet("vm-2", out var served);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Lost, Is.Null);
            Assert.That(outcome.Orphans, Is.Null);
            Assert.That(served!.Member, Is.SameAs(member));
            Assert.That(parts.Events.Count(e => e.Kind == ControllerEventKind.InstanceAdopted && e.InstanceId == "vm-1"), Is.EqualTo(2));
        });
    }

    [Test]
    public void Apply_SameMemberObjectAfterItsInstanceWent_AnOrphanThenOwnedByTheNewInstance()
    {
        var parts = new ControllerParts();
        var observer = new InstanceObserver(parts.Table, parts.Gate);
        var member = new LoadBalancerMember("vm-1", "web_000001", "10.0.0.1", LoadBalancerMemberState.Ready, 0);
        List<LoadBalancerMember>? orphansWhileGone;
        TrackedInstance? back;
        using (parts.Gate.Enter())
        {
            observer.Apply([ControllerParts.Info(1)], [member], ControllerParts.Now);
            orphansWhileGone = observer.Apply([], [member], ControllerParts.Now).Orphans;
            observer.Apply([ControllerParts.Info(1)], [member], ControllerParts.Now);
            parts.Table.TryGet("vm-1", out back);
        }

        Assert.Multiple(() =>
        {
            Assert.That(orphansWhileGone, Is.EqualTo(new[] { member }));
            Assert.That(back!.Member, Is.SameAs(member));
        });
    }
}
