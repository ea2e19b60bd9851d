using ScaleSets.Abstractions;
using ScaleSets.Simulation.Cloud;
using ScaleSets.Simulation.Time;

namespace ScaleSets.Simulation.Tests.Cloud;

/// <summary>
/// The cloud keeps each scale set's and pool's listing between calls and refreshes only what changed or what the clock moved
/// on: every change shows on the next listing, boots and drains end at their time exactly, and a listing handed out stays
/// as it was until the next list call.
/// </summary>
[TestFixture]
public sealed class SimulatedCloudListingTests
{
    private const string Set = "web";
    private const string Pool = "web-pool";
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly ScaleSetModel Model = new() { Version = "v1", ImageReference = "image" };

    [Test]
    public async Task ListInstances_AfterCreatesAndDeletes_EachInstanceOnceAsTheGroundTruthLists()
    {
        var (time, cloud) = NewCloud();
        var made = await CreateAsync(cloud, 6);
        await cloud.Compute.DeleteInstancesAsync(Set, [made[1], made[4]], CancellationToken.None);
        var more = await CreateAsync(cloud, 3, first: 6);
        time.Advance(TimeSpan.FromMinutes(5));
        await cloud.Compute.DeleteInstancesAsync(Set, [more[0]], CancellationToken.None);

        var listed = await cloud.Compute.ListInstancesAsync(Set, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(listed.Select(i => i.Id), Is.EquivalentTo(made.Where((_, i) => i is not (1 or 4)).Concat(more.Skip(1))));
            Assert.That(listed, Is.EqualTo(cloud.GetInstances(Set)), "the provider lists what the ground truth lists, in its order");
            Assert.That(listed.Select(i => i.State), Is.All.EqualTo(InstanceState.Running));
            Assert.That(cloud.CountInstances(Set), Is.EqualTo(6));
        });
    }

    [Test]
    public async Task ListInstances_ReusedListing_StaysAsHandedOutUntilTheNextListCall()
    {
        var (time, cloud) = NewCloud();
        cloud.ReuseListings = true;
        var made = await CreateAsync(cloud, 3);
        var listed = await cloud.Compute.ListInstancesAsync(Set, CancellationToken.None);
        var before = listed.ToList();

        await CreateAsync(cloud, 2, first: 3);
        await cloud.Compute.DeleteInstancesAsync(Set, [made[0]], CancellationToken.None);
        cloud.Crash(made[1]);
        time.Advance(TimeSpan.FromMinutes(5));
        _ = cloud.GetInstances(Set);

        Assert.That(listed, Is.EqualTo(before), "changes, boots and ground-truth listings leave a listing handed out alone");
        var next = await cloud.Compute.ListInstancesAsync(Set, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(next, Is.SameAs(listed), "the next call refills the same list");
            Assert.That(next, Has.Count.EqualTo(4));
            Assert.That(next.Single(i => i.Id == made[1]).Health, Is.EqualTo(InstanceHealth.Unhealthy));
        });
    }

    [Test]
    public async Task ListInstances_BootEnds_RunningWithItsAddressFromTheReadyTimeExactly()
    {
        var (time, cloud) = NewCloud();
        var made = await CreateAsync(cloud, 2);

        time.Advance(TimeSpan.FromSeconds(60) - TimeSpan.FromTicks(1));
        var booting = cloud.GetInstances(Set);
        time.Advance(TimeSpan.FromTicks(1));
        var booted = cloud.GetInstances(Set);

        Assert.Multiple(() =>
        {
            Assert.That(booting.Select(i => i.State), Is.All.EqualTo(InstanceState.Creating));
            Assert.That(booting.Select(i => i.Address), Is.All.Null);
            Assert.That(booted.Select(i => i.State), Is.All.EqualTo(InstanceState.Running));
            Assert.That(booted.Select(i => i.Health), Is.All.EqualTo(InstanceHealth.Healthy));
            Assert.That(booted.Select(i => i.Address), Is.All.Not.Null);
            Assert.That(booted.Select(i => i.Id), Is.EqualTo(made));
        });
    }

    [Test]
    public async Task ListInstances_EachKindOfChange_ShowsOnTheNextListingAndTheRestStayAsTheyWere()
    {
        var (time, cloud) = NewCloud();
        var made = await CreateAsync(cloud, 8);
        time.Advance(TimeSpan.FromMinutes(2));
        var settled = cloud.GetInstances(Set);

        cloud.Crash(made[0]);
        cloud.SetProtectedFromScaleIn(made[1], true);
        cloud.ChangeAddress(made[2], "10.9.9.9");
        await cloud.Compute.StopInstancesAsync(Set, [made[3]], CancellationToken.None);
        await cloud.Compute.RestartInstancesAsync(Set, [made[4]], CancellationToken.None);
        await cloud.Compute.ReimageInstancesAsync(Set, [made[5]], Model with { Version = "v2" }, CancellationToken.None);
        cloud.Lose(made[6]);
        var changed = cloud.GetInstances(Set).ToDictionary(i => i.Id);

        Assert.Multiple(() =>
        {
            Assert.That(changed[made[0]].Health, Is.EqualTo(InstanceHealth.Unhealthy));
            Assert.That(changed[made[1]].ProtectedFromScaleIn, Is.True);
            Assert.That(changed[made[2]].Address, Is.EqualTo("10.9.9.9"));
            Assert.That(changed[made[3]].State, Is.EqualTo(InstanceState.Stopped));
            Assert.That(changed[made[4]].State, Is.EqualTo(InstanceState.Starting));
            Assert.That(changed[made[5]].ModelVersion, Is.EqualTo("v2"));
            Assert.That(changed, Does.Not.ContainKey(made[6]));
            Assert.That(changed[made[7]], Is.SameAs(settled[7]), "an unchanged instance keeps its description");
        });

        cloud.SetZoneOutage("2", down: true);
        var outage = cloud.GetInstances(Set);
        cloud.SetZoneOutage("2", down: false);
        var restored = cloud.GetInstances(Set);
        Assert.Multiple(() =>
        {
            Assert.That(outage.Where(i => i.Zone == "2" && i.State == InstanceState.Running).Select(i => i.Health), Is.All.EqualTo(InstanceHealth.Unhealthy));
            Assert.That(restored.Single(i => i.Id == made[7]).Health, Is.EqualTo(InstanceHealth.Healthy));
        });
    }

    [Test]
    public async Task ListMembers_DrainEnds_ConnectionsDropAtTheDrainTimeExactly()
    {
        var (time, cloud) = NewCloud();
        await RegisterAsync(cloud, 3);
        await cloud.LoadBalancer.DrainAsync(Pool, "i1", CancellationToken.None);

        time.Advance(TimeSpan.FromSeconds(20) - TimeSpan.FromTicks(1));
        var draining = cloud.GetMembers(Pool).Single(m => m.InstanceId == "i1");
        time.Advance(TimeSpan.FromTicks(1));
        var drained = cloud.GetMembers(Pool).Single(m => m.InstanceId == "i1");

        Assert.Multiple(() =>
        {
            Assert.That(draining.ActiveConnections, Is.EqualTo(10));
            Assert.That(drained.ActiveConnections, Is.Zero);
            Assert.That(drained.State, Is.EqualTo(LoadBalancerMemberState.Draining));
        });
    }

    [Test]
    public async Task ListMembers_OptionsAndMembersChangedWhileRunning_EachChangeShows()
    {
        var (time, cloud) = NewCloud();
        cloud.ReuseListings = true;
        await RegisterAsync(cloud, 4);
        await cloud.LoadBalancer.DrainAsync(Pool, "i0", CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(30));
        var listed = await cloud.LoadBalancer.ListMembersAsync(Pool, CancellationToken.None);
        var before = listed.ToList();

        cloud.Options.DefaultActiveConnections = 3;
        cloud.Options.ConnectionDrainTime = TimeSpan.FromMinutes(1);
        cloud.SetActiveConnections(Pool, "i1", 7);
        await cloud.LoadBalancer.RegisterAsync(Pool, "i2", "n2", "10.1.1.1", CancellationToken.None);
        await cloud.LoadBalancer.RemoveAsync(Pool, "i3", CancellationToken.None);
        Assert.That(listed, Is.EqualTo(before), "a listing handed out stays as it was until the next list call");

        var after = (await cloud.LoadBalancer.ListMembersAsync(Pool, CancellationToken.None)).ToDictionary(m => m.InstanceId);
        Assert.Multiple(() =>
        {
            Assert.That(after["i0"].ActiveConnections, Is.EqualTo(3), "the longer drain time makes the drain go on");
            Assert.That(after["i1"].ActiveConnections, Is.EqualTo(7));
            Assert.That(after["i2"].Address, Is.EqualTo("10.1.1.1"));
            Assert.That(after, Does.Not.ContainKey("i3"));
        });

        time.Advance(TimeSpan.FromSeconds(30));
        Assert.That(cloud.GetMembers(Pool).Single(m => m.InstanceId == "i0").ActiveConnections, Is.Zero);
    }

    [Test]
    public async Task CopyReadyMemberIds_AsMembersComeGoAndChangeState_TheReadyOnesInListingOrder()
    {
        var (_, cloud) = NewCloud();
        var ids = new List<string>();
        await RegisterAsync(cloud, 5);
        cloud.CopyReadyMemberIds(Pool, ids);
        Assert.That(ids, Is.EqualTo(new[] { "i0", "i1", "i2", "i3", "i4" }));

        await cloud.LoadBalancer.DrainAsync(Pool, "i1", CancellationToken.None);
        await cloud.LoadBalancer.RemoveAsync(Pool, "i3", CancellationToken.None);
        await cloud.LoadBalancer.RegisterAsync(Pool, "i5", "n5", "10.0.0.5", CancellationToken.None);
        cloud.CopyReadyMemberIds(Pool, ids);
        Assert.That(ids, Is.EqualTo(cloud.GetMembers(Pool).Where(m => m.State == LoadBalancerMemberState.Ready).Select(m => m.InstanceId)));
        Assert.That(ids, Is.EquivalentTo(new[] { "i0", "i2", "i4" }));

        await cloud.LoadBalancer.SetReadyAsync(Pool, "i5", CancellationToken.None);
        await cloud.LoadBalancer.SetReadyAsync(Pool, "i1", CancellationToken.None);
        cloud.CopyReadyMemberIds(Pool, ids);
        Assert.That(ids, Is.EquivalentTo(new[] { "i0", "i1", "i2", "i4", "i5" }));

        cloud.RestartLoadBalancer();
        cloud.CopyReadyMemberIds(Pool, ids);
        Assert.That(ids, Is.Empty);
    }

    [Test]
    public async Task NextClockTransition_BootsAndDrains_TheFirstStillPendingAfterTheGivenTime()
    {
        var (time, cloud) = NewCloud();
        var first = await CreateAsync(cloud, 2);
        time.Advance(TimeSpan.FromSeconds(10));
        var second = await CreateAsync(cloud, 2, first: 2);
        Assert.That(cloud.NextClockTransition(Set, Pool, Start), Is.EqualTo(Start.AddSeconds(60)));

        // Deleting the first boots withdraws their end; a restart moves an instance's to later.
        await cloud.Compute.DeleteInstancesAsync(Set, first, CancellationToken.None);
        Assert.That(cloud.NextClockTransition(Set, Pool, Start), Is.EqualTo(Start.AddSeconds(70)));
        await RegisterAsync(cloud, 2);
        await cloud.LoadBalancer.DrainAsync(Pool, "i0", CancellationToken.None);
        Assert.That(cloud.NextClockTransition(Set, Pool, time.GetUtcNow()), Is.EqualTo(Start.AddSeconds(30)), "the drain ends 20 s after it started");

        time.Advance(TimeSpan.FromSeconds(25));
        await cloud.Compute.RestartInstancesAsync(Set, [second[0]], CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(cloud.NextClockTransition(Set, Pool, time.GetUtcNow()), Is.EqualTo(Start.AddSeconds(70)));
            Assert.That(cloud.NextClockTransition(Set, Pool, Start.AddSeconds(70)), Is.EqualTo(Start.AddSeconds(95)), "the restarted boot ends 60 s after the restart");
            Assert.That(cloud.NextClockTransition(Set, Pool, Start.AddSeconds(95)), Is.EqualTo(DateTimeOffset.MaxValue));
            Assert.That(cloud.NextClockTransition(Set, Pool, Start), Is.EqualTo(Start.AddSeconds(30)), "an earlier time than asked before is still answered");
        });
    }

    [Test]
    public async Task NextClockTransition_RandomChanges_ListingsStayTheSameUntilItAndChangeAtIt()
    {
        var random = new Random(7);
        var (time, cloud) = NewCloud(spread: TimeSpan.FromSeconds(50));
        var next = 0;
        var checks = 0;
        for (var round = 0; round < 300; round++)
        {
            var instances = cloud.GetInstances(Set);
            var members = cloud.GetMembers(Pool);
            switch (random.Next(8))
            {
                case 0 or 1:
                    await CreateAsync(cloud, random.Next(1, 4), first: next);
                    next += 3;
                    break;
                case 2 when instances.Count > 0:
                    await cloud.Compute.DeleteInstancesAsync(Set, [instances[random.Next(instances.Count)].Id], CancellationToken.None);
                    break;
                case 3 when instances.Count > 0:
                    await cloud.Compute.RestartInstancesAsync(Set, [instances[random.Next(instances.Count)].Id], CancellationToken.None);
                    break;
                case 4 when instances.Count > 0:
                    var instance = instances[random.Next(instances.Count)];
                    await cloud.LoadBalancer.RegisterAsync(Pool, instance.Id, instance.Name, "10.0.0.1", CancellationToken.None);
                    await cloud.LoadBalancer.SetReadyAsync(Pool, instance.Id, CancellationToken.None);
                    break;
                case 5 when members.Count > 0:
                    await cloud.LoadBalancer.DrainAsync(Pool, members[random.Next(members.Count)].InstanceId, CancellationToken.None);
                    break;
                case 6 when members.Count > 0:
                    await cloud.LoadBalancer.RemoveAsync(Pool, members[random.Next(members.Count)].InstanceId, CancellationToken.None);
                    break;
                default:
                    time.Advance(TimeSpan.FromSeconds(random.Next(1, 40)));
                    break;
            }

            var now = time.GetUtcNow();
            var transition = cloud.NextClockTransition(Set, Pool, now);
            if (transition == DateTimeOffset.MaxValue || random.Next(3) > 0)
            {
                continue;
            }

            // Jump to just before the transition and to it: nothing listed changes before it, something does at it.
            checks++;
            var listedNow = Snapshot(cloud);
            time.Advance(transition - now - TimeSpan.FromTicks(1));
            Assert.That(Snapshot(cloud), Is.EqualTo(listedNow), $"round {round}: nothing changes before {transition:O}");
            time.Advance(TimeSpan.FromTicks(1));
            Assert.That(Snapshot(cloud), Is.Not.EqualTo(listedNow), $"round {round}: a boot or a drain ends at {transition:O}");
        }

        Assert.That(checks, Is.GreaterThan(20), "enough transitions were checked");
    }

    [Test]
    public async Task MemberCalls_CountedPerPoolAndInstanceAcrossRemovalsAndRestarts_UntilTheInstanceIsDeleted()
    {
        // Transient load balancer failures are drawn from each (pool, instance) pair's call count: the same calls fail
        // whether or not the member was removed or the load balancer restarted in between, and a deleted instance starts over.
        static async Task<bool> FailsAsync(SimulatedCloud cloud, string id)
        {
            try
            {
                await cloud.LoadBalancer.SetReadyAsync(Pool, id, CancellationToken.None);
                return false;
            }
            catch (ProviderOperationException ex)
            {
                return ex.Failure == OperationFailureKind.Transient;
            }
        }

        var (_, reference) = NewCloud();
        var id = (await CreateAsync(reference, 1))[0];
        reference.Options.TransientFailureRate = 0.5;
        var expected = new List<bool>();
        for (var i = 0; i < 24; i++)
        {
            expected.Add(await FailsAsync(reference, id));
        }

        var (_, cloud) = NewCloud();
        Assert.That((await CreateAsync(cloud, 1))[0], Is.EqualTo(id));
        cloud.Options.TransientFailureRate = 0.5;
        var seen = new List<bool>();
        for (var i = 0; i < 8; i++)
        {
            seen.Add(await FailsAsync(cloud, id));
        }

        cloud.RestartLoadBalancer();
        for (var i = 0; i < 8; i++)
        {
            seen.Add(await FailsAsync(cloud, id));
        }

        cloud.Options.TransientFailureRate = 0;
        await cloud.Compute.DeleteInstancesAsync(Set, [id], CancellationToken.None);
        cloud.Options.TransientFailureRate = 0.5;
        for (var i = 0; i < 8; i++)
        {
            seen.Add(await FailsAsync(cloud, id));
        }

        Assert.Multiple(() =>
        {
            Assert.That(expected, Does.Contain(true).And.Contain(false), "some calls fail and some do not");
            Assert.That(seen.Take(16), Is.EqualTo(expected.Take(16)), "a load balancer restart does not reset the count");
            Assert.That(seen.Skip(16), Is.EqualTo(expected.Take(8)), "a deleted instance's count starts over");
        });
    }

    private static string Snapshot(SimulatedCloud cloud) =>
        string.Join(";", cloud.GetInstances(Set).Select(i => $"{i.Id}:{i.State}:{i.Health}:{i.Address}"))
        + "|" + string.Join(";", cloud.GetMembers(Pool).Select(m => $"{m.InstanceId}:{m.State}:{m.ActiveConnections}"));

    private static (VirtualTimeProvider Time, SimulatedCloud Cloud) NewCloud(TimeSpan? spread = null)
    {
        var time = new VirtualTimeProvider(Start);
        var options = new SimulatedCloudOptions
        {
            CreateLatency = TimeSpan.Zero,
            OperationLatency = TimeSpan.Zero,
            BootTime = TimeSpan.FromSeconds(60),
            BootTimeSpread = spread ?? TimeSpan.Zero,
            ConnectionDrainTime = TimeSpan.FromSeconds(20),
        };
        return (time, new SimulatedCloud(options, time));
    }

    private static async Task<List<string>> CreateAsync(SimulatedCloud cloud, int count, int first = 0)
    {
        var requests = Enumerable.Range(first, count)
            .Select(i => new InstanceCreateRequest(Set, $"{Set}-{i}", $"token-{i}", ((i % 3) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), Model))
            .ToList();
        var result = await cloud.Compute.CreateInstancesAsync(requests, CancellationToken.None);
        return [.. result.Items.Select(r => r.Instance!.Id)];
    }

    private static async Task RegisterAsync(SimulatedCloud cloud, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await cloud.LoadBalancer.RegisterAsync(Pool, $"i{i}", $"n{i}", $"10.0.0.{i}", CancellationToken.None);
            await cloud.LoadBalancer.SetReadyAsync(Pool, $"i{i}", CancellationToken.None);
        }
    }
}
