using ScaleSets.Abstractions;
using ScaleSets.Control;

namespace ScaleSets.Simulation.Tests.Control;

/// <summary>
/// The controller matches each listed instance against the one at the same place in the last listing before looking it
/// up; a provider that lists in another order every pass must make no difference.
/// </summary>
[TestFixture]
public sealed class ObservationOrderTests
{
    [Test]
    public async Task Reconcile_ProviderListsInAnotherOrderEachPass_SameOutcomeAsInOrder()
    {
        var inOrder = await RunAsync(shuffle: false);
        var shuffled = await RunAsync(shuffle: true);

        Assert.That(shuffled.Kinds, Is.EqualTo(inOrder.Kinds));
        Assert.That(shuffled.Final, Is.EqualTo(inOrder.Final));
        Assert.That(shuffled.Final, Has.Count.EqualTo(5));
    }

    [Test]
    public async Task Reconcile_InstanceMissingFromOneListingThenBack_TrackedAfresh()
    {
        ShuffledListing? compute = null;
        using var h = new ControllerHarness(compute: c => compute = new ShuffledListing(c) { Shuffle = false });
        h.Controller.SetDesiredCapacity(4, null);
        await h.SettleAsync();
        var missing = h.Instances[1].Id;

        compute!.Hidden = missing;
        h.Time.Advance(TimeSpan.FromSeconds(15));
        await h.PassAsync();
        Assert.That(h.Events.Count(e => e.Kind == ControllerEventKind.InstanceLost && e.InstanceId == missing), Is.EqualTo(1));

        // Listed again at its old place: the entry the controller dropped must not be matched, the instance is adopted.
        compute.Hidden = null;
        h.Time.Advance(TimeSpan.FromSeconds(15));
        await h.PassAsync();

        Assert.That(h.Events.Count(e => e.Kind == ControllerEventKind.InstanceAdopted && e.InstanceId == missing), Is.EqualTo(1));
        Assert.That(h.Controller.GetInstances().Count(i => i.Instance.Id == missing), Is.EqualTo(1));
    }

    [Test]
    public async Task Reconcile_DeletedInstanceListedOnceMoreAtItsPlace_NotMistakenForTheDeletedOne()
    {
        // An eventually consistent provider lists a deleted instance once more, where it was: the controller must not match it
        // to the entry it dropped on deleting it; it sees an instance it does not track, adopts it, and then loses it (or scales it in).
        ShuffledListing? compute = null;
        using var h = new ControllerHarness(o => o.DrainTimeout = TimeSpan.Zero, compute: c => compute = new ShuffledListing(c) { Shuffle = false, RelistDeletedOnce = true });
        h.Controller.SetDesiredCapacity(4, null);
        await h.SettleAsync();
        h.Controller.SetDesiredCapacity(3, "in");
        await h.PassAsync();
        var deleted = h.Events.Single(e => e.Kind == ControllerEventKind.InstanceDeleted).InstanceId!;

        h.Time.Advance(TimeSpan.FromSeconds(15));
        await h.PassAsync();
        h.Time.Advance(TimeSpan.FromSeconds(15));
        await h.PassAsync();

        var after = h.Events.SkipWhile(e => e.Kind != ControllerEventKind.InstanceDeleted).Skip(1).Where(e => e.InstanceId == deleted).Select(e => e.Kind).ToList();
        Assert.That(after, Has.Count.GreaterThanOrEqualTo(2));
        Assert.That(after[0], Is.EqualTo(ControllerEventKind.InstanceAdopted));
        Assert.That(after[^1], Is.AnyOf(ControllerEventKind.InstanceLost, ControllerEventKind.InstanceDeleted), "the ghost is lost again, or scaled in first");
        Assert.That(h.Controller.GetInstances().Select(i => i.Instance.Id), Does.Not.Contain(deleted));
    }

    private static async Task<(List<string> Kinds, List<string> Final)> RunAsync(bool shuffle)
    {
        using var h = new ControllerHarness(compute: c => shuffle ? new ShuffledListing(c) : c);
        h.Controller.SetDesiredCapacity(12, "out");
        await h.SettleAsync();
        h.Cloud.Crash(h.Instances[3].Id);
        await h.RunForAsync(h.Options.AutomaticRepairs.GracePeriod + TimeSpan.FromMinutes(2));
        h.Controller.SetDesiredCapacity(5, "in");
        await h.SettleAsync();
        var kinds = h.Events.GroupBy(e => e.Kind).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}").ToList();
        var final = h.Members.Where(m => m.State == LoadBalancerMemberState.Ready).Select(m => m.InstanceName).Order(StringComparer.Ordinal).ToList();
        return (kinds, final);
    }

    /// <summary>The cloud's provider, whose listing comes in a new (seeded) order on every call, or leaves an instance out.</summary>
    private sealed class ShuffledListing(IComputeProvider inner) : ForwardingCompute(inner)
    {
        private readonly Random _random = new(7);

        public bool Shuffle { get; init; } = true;

        /// <summary>Gets or sets an instance left out of the listing.</summary>
        public string? Hidden { get; set; }

        /// <summary>Gets a value indicating whether a deleted instance is listed once more after its delete, at its old place.</summary>
        public bool RelistDeletedOnce { get; init; }

        private List<InstanceInfo> Last { get; set; } = [];

        private HashSet<string> Deleted { get; } = new(StringComparer.Ordinal);

        public override async Task<IReadOnlyList<InstanceInfo>> ListInstancesAsync(string scaleSetName, CancellationToken cancellationToken)
        {
            var listed = (await Inner.ListInstancesAsync(scaleSetName, cancellationToken)).Where(i => i.Id != Hidden).ToList();
            for (var k = 0; k < Last.Count; k++)
            {
                if (Deleted.Remove(Last[k].Id))
                {
                    listed.Insert(Math.Min(k, listed.Count), Last[k]);
                }
            }

            var result = listed.ToArray();
            if (Shuffle)
            {
                _random.Shuffle(result);
            }

            Last = [.. result];
            return result;
        }

        public override Task<BatchResult> DeleteInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken)
        {
            if (RelistDeletedOnce)
            {
                Deleted.UnionWith(instanceIds);
            }

            return Inner.DeleteInstancesAsync(scaleSetName, instanceIds, cancellationToken);
        }
    }
}
