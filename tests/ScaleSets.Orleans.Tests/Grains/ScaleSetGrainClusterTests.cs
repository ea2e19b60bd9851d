using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;
using ScaleSets.Abstractions;
using ScaleSets.Metrics;
using ScaleSets.Orleans.Grains;
using ScaleSets.Orleans.Hosting;

namespace ScaleSets.Orleans.Tests.Grains;

/// <summary>
/// Scale set grains on a three-silo TestingHost cluster whose membership, grain storage and reminders are a real
/// PostgreSQL (a child process of the test), acting on the simulated cloud on one virtual clock.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ScaleSetGrainClusterTests : ClusterTestBase
{
    [Test]
    public async Task DefineAsync_NewSet_ScalesOutToItsMinimumAndIsListed()
    {
        await Client.DefineAsync(Set, Definition(minimum: 4, initial: 1));

        var status = await ConvergeAsync();

        Assert.That(await Client.ListAsync(), Is.EqualTo(new[] { Set }));
        Assert.That(status.DesiredCapacity, Is.EqualTo(4));
        Assert.That(TestCloud.Cloud.GetInstances(Set), Has.Count.EqualTo(4));
        Assert.That(status.Generation, Is.GreaterThan(1), "every pass took the lease with a conditional write");
    }

    [Test]
    public async Task RunPassAsync_EachEvaluation_StoresTheAutoscalerSnapshotOnce()
    {
        await Client.DefineAsync(Set, Definition(minimum: 2, initial: 2));
        await ConvergeAsync();
        var before = await ReadRowAsync();
        for (var i = 0; i < 3; i++)
        {
            TestCloud.Time.Advance(TimeSpan.FromMinutes(1));
            await PassAsync();
        }

        var after = await ReadRowAsync();
        Assert.That(after.AutoscalerSnapshotVersion - before.AutoscalerSnapshotVersion, Is.EqualTo(3), "three evaluations, three snapshots: the grain waits for the autoscaler's own save, it writes none of its own");
        Assert.That(after.AutoscalerSnapshotJson, Does.Contain("\"Sequence\""), "the row holds the snapshot");
    }

    [Test]
    public async Task RunPassAsync_DecisionObserverThrows_FailureIsInTheTrailAndTheSetStillScales()
    {
        var observed = 0;
        TestCloud.OnDecision = _ =>
        {
            Interlocked.Increment(ref observed);
            throw new InvalidOperationException("the observer broke");
        };
        await Client.DefineAsync(Set, Definition(minimum: 4, initial: 1));

        var status = await ConvergeAsync();

        Assert.That(observed, Is.GreaterThan(0), "the observer was called");
        Assert.That(status.DesiredCapacity, Is.EqualTo(4));
        Assert.That(TestCloud.Cloud.GetInstances(Set), Has.Count.EqualTo(4), "the evaluation went on to its save and the pass acted");
        Assert.That(status.RecentEvents, Has.Some.Contain("DecisionObserverFailed").And.Contain("the observer broke"));
    }

    [Test]
    public async Task DefineAsync_SettingThatDoesNotRead_IsRefusedNamingTheProblemAndNothingIsStored()
    {
        var definition = Definition(minimum: 2, initial: 1);
        definition.SettingJson = SettingJson(minimum: 5, maximum: 2);

        var error = Assert.ThrowsAsync<ArgumentException>(() => Client.DefineAsync(Set, definition));

        Assert.That(error!.Message, Does.Contain($"Scale set '{Set}'").And.Contain("capacity"));
        Assert.That(await Client.ListAsync(), Is.Empty);
        Assert.That((await Client.GetStatusAsync(Set)).IsDefined, Is.False);
    }

    [Test]
    public async Task ProtectInstanceAsync_ThenScaleIn_TheProtectedInstanceStays()
    {
        await Client.DefineAsync(Set, Definition(minimum: 4, initial: 1));
        await ConvergeAsync();
        var keep = TestCloud.Cloud.GetInstances(Set).OrderBy(i => i.Name, StringComparer.Ordinal).Last().Id;

        await Client.ProtectInstanceAsync(Set, keep);
        await Client.UpdateSettingAsync(Set, SettingJson(minimum: 1, maximum: 1));
        var status = await ConvergeAsync(s => s.Instances == 1);

        Assert.That(TestCloud.Cloud.GetInstances(Set).Select(i => i.Id), Is.EqualTo(new[] { keep }));
        Assert.That(status.ProtectedInstances, Is.EqualTo(new[] { keep }));
    }

    [Test]
    public async Task SendMetricsAsync_OneBatch_ReachesTheSetsGrainInOneCall()
    {
        await Client.DefineAsync(Set, Definition(minimum: 2, initial: 2));
        var now = TestCloud.Time.GetUtcNow();
        var samples = Enumerable.Range(0, 50)
            .Select(i => new MetricSample("Percentage CPU", MetricSourceKind.Host, 20 + i, now.AddSeconds(-i), string.Create(CultureInfo.InvariantCulture, $"vm{i % 2}")))
            .ToArray();

        await Client.SendMetricsAsync(Set, samples);

        Assert.That((await Client.GetStatusAsync(Set)).SamplesAccepted, Is.EqualTo(50));
    }

    [Test]
    public async Task RunPassAsync_AfterAnotherWriterWroteTheState_ActivationStopsActingAndDeactivates()
    {
        await Client.DefineAsync(Set, Definition(minimum: 3, initial: 1));
        var before = await ConvergeAsync();
        var grain = Cluster.Client.GetGrain<IScaleSetGrain>(Set);

        // Another writer (what a second activation does during a partition) writes the row behind this activation's back.
        var storage = Cluster.GetActiveSilos().OfType<InProcessSiloHandle>().First().ServiceProvider.GetRequiredKeyedService<IGrainStorage>(ScaleSetsSiloOptions.StorageName);
        var row = new GrainState<ScaleSetGrainState>();
        await storage.ReadStateAsync("scaleset", grain.GetGrainId(), row);
        Assert.That(row.State?.Definition, Is.Not.Null, "the grain's row reads back from PostgreSQL");
        row.State!.WrittenBy = "another activation";
        row.State.Generation += 1000;
        await storage.WriteStateAsync("scaleset", grain.GetGrainId(), row);

        // An instance is lost: a pass that acted would create its replacement.
        Assert.That(TestCloud.Cloud.Lose(TestCloud.Cloud.GetInstances(Set)[0].Id), Is.True);
        var calls = TestCloud.Compute.Calls;

        Assert.ThrowsAsync<InconsistentStateException>(() => grain.RunPassAsync());
        Assert.That(TestCloud.Compute.Calls, Is.EqualTo(calls), "the refused write came before the pass listed or created anything");
        Assert.That(TestCloud.Cloud.GetInstances(Set), Has.Count.EqualTo(2));

        // The next call finds a new activation, which read the other writer's row and goes on from it.
        var after = await ConvergeAsync();
        Assert.That(after.Generation, Is.GreaterThan(before.Generation + 1000));
        Assert.That(TestCloud.Cloud.GetInstances(Set), Has.Count.EqualTo(3));
    }

    [Test]
    public async Task KillSilo_DuringScaleOut_SetConvergesOnAnotherSiloWithNoDuplicateOrOrphan()
    {
        await Client.DefineAsync(Set, Definition(minimum: 5, initial: 0));
        var grain = Cluster.Client.GetGrain<IScaleSetGrain>(Set);
        var owner = (await grain.GetStatusAsync()).Silo;

        // Two of the five creates are held in flight; the pass waits on them when the silo dies.
        var held = TestCloud.Compute.HoldNextCreates(2);
        var pass = grain.RunPassAsync();
        await held.WaitAsync(TimeSpan.FromSeconds(30));
        var silo = Cluster.GetActiveSilos().Single(s => s.SiloAddress.ToString() == owner);
        await Cluster.KillSiloAsync(silo);
        Assert.That(TestCloud.Cloud.GetInstances(Set), Has.Count.EqualTo(3), "three creates reached the cloud before the silo died");

        // The new activation sends the two pending creates again under their names and tokens (the dead activation wrote
        // them before sending); then the dead activation's calls arrive at the cloud, which recognizes them: no duplicate.
        var status = await ConvergeAsync(s => s.Instances == 5, afterEachPass: TestCloud.Compute.Release);
        await Task.WhenAny(pass);

        var instances = TestCloud.Cloud.GetInstances(Set);
        Assert.That(status.Silo, Is.Not.EqualTo(owner));
        Assert.That(instances, Has.Count.EqualTo(5));
        Assert.That(instances.Select(i => i.Name).Distinct(StringComparer.Ordinal).Count(), Is.EqualTo(5));
        Assert.That(TestCloud.Cloud.InstancesCreated, Is.EqualTo(5), "no instance was made twice");
        // At least the two held creates; a create answered just before the kill, whose intent was not yet cleared, is sent
        // again too and recognized the same way.
        Assert.That(TestCloud.Cloud.IdempotentCreates, Is.GreaterThanOrEqualTo(2), "the dead activation's held creates were recognized as the new one's");
        Assert.That(TestCloud.Cloud.GetMembers(Set), Has.Count.EqualTo(5), "every instance is in the pool: no orphan");
    }

    [Test]
    public async Task KillSilo_DuringDrain_NextActivationFinishesTheSameScaleIn()
    {
        await Client.DefineAsync(Set, Definition(minimum: 4, initial: 1));
        await ConvergeAsync();
        await Client.UpdateSettingAsync(Set, SettingJson(minimum: 2, maximum: 2));
        var grain = Cluster.Client.GetGrain<IScaleSetGrain>(Set);
        var owner = (await grain.RunPassAsync()).Silo;
        var draining = TestCloud.Cloud.GetMembers(Set).Where(m => m.State == LoadBalancerMemberState.Draining).Select(m => m.InstanceId).Order(StringComparer.Ordinal).ToList();
        Assert.That(draining, Has.Count.EqualTo(2), "the scale-in started draining two instances (their connections take a while)");

        await Cluster.KillSiloAsync(Cluster.GetActiveSilos().Single(s => s.SiloAddress.ToString() == owner));
        var status = await ConvergeAsync(s => s.Instances == 2);

        var left = TestCloud.Cloud.GetInstances(Set);
        Assert.That(status.Silo, Is.Not.EqualTo(owner));
        Assert.That(left.Select(i => i.Id).Intersect(draining, StringComparer.Ordinal), Is.Empty, "the next activation removed the instances the dead one was draining, not others");
        Assert.That(left, Has.Count.EqualTo(2));
        Assert.That(TestCloud.Cloud.InstancesCreated, Is.EqualTo(4), "nothing was created again");
        Assert.That(TestCloud.Cloud.GetMembers(Set).Select(m => m.InstanceId), Is.EquivalentTo(left.Select(i => i.Id)), "the pool holds exactly the instances left: no orphan");
    }
}
