using ScaleSets.Orleans.Grains;

namespace ScaleSets.Orleans.Tests.Grains;

/// <summary>
/// A silo killed in the middle of what a scale set is doing (a scale-out inside its cooldown, a rolling-upgrade batch, a
/// repair), on the three-silo PostgreSQL cluster: the next activation, on another silo, goes on from the row the dead one
/// wrote, with no orphan, no duplicate, no lost cooldown or upgrade progress, and the decision trail continuous.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ScaleSetGrainFailoverTests : ClusterTestBase
{
    [Test]
    public async Task KillSilo_RightAfterAScaleOut_NextActivationKeepsTheCooldown()
    {
        await Client.DefineAsync(Set, Definition(minimum: 2, initial: 2, threshold: 70, cooldown: "PT10M"));
        await ConvergeAsync();

        // CPU high every minute until the rule scales out (its five-minute window has to see the load first).
        ScaleSetStatus status;
        var tries = 0;
        do
        {
            TestCloud.Time.Advance(TimeSpan.FromMinutes(1));
            await SendCpuAsync(90);
            status = await PassAsync();
            Assert.That(++tries, Is.LessThan(15), "the rule never scaled out");
        }
        while (status.DesiredCapacity == 2);

        Assert.That(status.DesiredCapacity, Is.EqualTo(3));
        var scaleOut = status.RecentDecisions[^1];
        Assert.That(scaleOut.To, Is.EqualTo(3));
        var cooldownEnds = scaleOut.Time.AddMinutes(10);
        var owner = await KillOwnerAsync(status.Silo);

        // The load stays high: only the cooldown holds the next scale-out back, on whichever activation decides.
        var decisions = new List<ScaleSetDecisionRecord>();
        while (status.DesiredCapacity == 3)
        {
            TestCloud.Time.Advance(TimeSpan.FromMinutes(1));
            await SendCpuAsync(90);
            status = await PassAsync();
            decisions.Add(status.RecentDecisions[^1]);
            Assert.That(decisions, Has.Count.LessThan(20), "the set never scaled out again");
        }

        Assert.That(status.Silo, Is.Not.EqualTo(owner));
        Assert.That(decisions.All(d => d.Silo != owner), Is.True, "every decision after the kill is the new activation's");
        var blocked = decisions.Where(d => d.To == d.From).ToList();
        Assert.That(blocked, Is.Not.Empty);
        Assert.That(blocked.All(d => d.Blocked == "Cooldown" && d.Time < cooldownEnds), Is.True, $"the new activation held back by the dead one's cooldown only: {string.Join("; ", blocked.Select(d => $"{d.Time:t} {d.Blocked}"))}");
        var next = decisions[^1];
        Assert.That(next.To, Is.EqualTo(4));
        Assert.That(next.Time, Is.GreaterThanOrEqualTo(cooldownEnds), "no second scale-out inside the cooldown");
    }

    [Test]
    public async Task KillSilo_DuringARollingUpgradeBatch_UpgradeContinuesTheBatchWithoutRedoingOrLosingProgress()
    {
        await Client.DefineAsync(Set, Definition(minimum: 5, initial: 5));
        await ConvergeAsync();
        await Client.UpdateModelAsync(Set, new ScaleSetModelSpec { Version = "v2", ImageReference = "golden-v2.vhdx" });

        // The first batch completes on the first activation: one instance runs v2, the set is whole again.
        var owner = (await PassUntilAsync(_ => Upgraded().Count >= 1 && TestCloud.Cloud.GetInstances(Set).Count == 5 && TestCloud.Cloud.GetMembers(Set).Count == 5)).Silo;

        // The next batch's replacement create is in flight when the silo dies (the grain is busy with that pass until then).
        var held = TestCloud.Compute.HoldNextCreates(1);
        var pass = await PassUntilHeldAsync(held);
        var upgradedBefore = Upgraded();
        await KillOwnerAsync(owner);
        var status = await ConvergeAsync(_ => Upgraded().Count == 5 && TestCloud.Cloud.GetInstances(Set).Count == 5, afterEachPass: TestCloud.Compute.Release, passes: 60);
        _ = await Task.WhenAny(pass);

        Assert.That(status.Silo, Is.Not.EqualTo(owner));
        AssertNoDuplicateNoOrphan(5);
        Assert.That(Upgraded(), Is.SupersetOf(upgradedBefore), "an instance upgraded before the kill was not replaced again: no progress lost");

        // The batch in flight is continued, not redone: its old instance's removal was stored (with its reason) before the
        // create went out, so the next activation sends the pending create again (the same name: the replacement), goes
        // on removing the old instance instead of scaling in one too many, and the dead activation's late create finds
        // the replacement made. One replacement per instance, none made twice.
        Assert.That(TestCloud.Cloud.InstancesCreated, Is.EqualTo(10), "five instances and one replacement each");
        Assert.That(status.ModelVersion, Is.EqualTo("v2"));
    }

    [Test]
    public async Task KillSilo_DuringAManualRollingUpgrade_NextActivationGoesOnWithIt()
    {
        TestCloud.UpgradeMode = Control.UpgradeMode.Manual;
        await Client.DefineAsync(Set, Definition(minimum: 5, initial: 5));
        await ConvergeAsync();
        await Client.UpdateModelAsync(Set, new ScaleSetModelSpec { Version = "v2", ImageReference = "golden-v2.vhdx" });
        for (var i = 0; i < 3; i++)
        {
            TestCloud.Time.Advance(TimeSpan.FromMinutes(1));
            Assert.That((await PassAsync()).Converged, Is.False, "outdated instances: not converged");
        }

        Assert.That(Upgraded(), Is.Empty, "manual mode: the model change alone upgrades nothing");

        await Client.StartRollingUpgradeAsync(Set);
        var owner = (await PassUntilAsync(_ => Upgraded().Count >= 1 && TestCloud.Cloud.GetInstances(Set).Count == 5 && TestCloud.Cloud.GetMembers(Set).Count == 5)).Silo;
        var upgradedBefore = Upgraded();
        await KillOwnerAsync(owner);
        var status = await ConvergeAsync(_ => Upgraded().Count == 5 && TestCloud.Cloud.GetInstances(Set).Count == 5, passes: 60);

        Assert.That(status.Silo, Is.Not.EqualTo(owner));
        AssertNoDuplicateNoOrphan(5);
        Assert.That(Upgraded(), Is.SupersetOf(upgradedBefore), "no progress lost");
        Assert.That(TestCloud.Cloud.InstancesCreated, Is.EqualTo(10), "killed between batches: one replacement per instance, none made twice");
    }

    [Test]
    public async Task KillSilo_DuringARepair_ReplacementIsFinishedOnceAndTheFailedInstanceIsGone()
    {
        await Client.DefineAsync(Set, Definition(minimum: 3, initial: 3));
        var owner = (await ConvergeAsync()).Silo;
        var failed = TestCloud.Cloud.GetInstances(Set)[1].Id;
        Assert.That(TestCloud.Cloud.Crash(failed), Is.True);

        // The repair (after the ten-minute grace period) replaces it; its replacement create is in flight when the silo dies.
        var held = TestCloud.Compute.HoldNextCreates(1);
        var pass = await PassUntilHeldAsync(held);
        await KillOwnerAsync(owner);
        var status = await ConvergeAsync(_ => TestCloud.Cloud.GetInstances(Set).Count == 3 && TestCloud.Cloud.GetInstances(Set).All(i => i.Id != failed), afterEachPass: TestCloud.Compute.Release);
        _ = await Task.WhenAny(pass);

        Assert.That(status.Silo, Is.Not.EqualTo(owner));
        AssertNoDuplicateNoOrphan(3);
        Assert.That(TestCloud.Cloud.InstancesCreated, Is.EqualTo(4), "three instances and one replacement: the repair made no second replacement");
    }

    [Test]
    public async Task KillSilo_BetweenPasses_DecisionTrailContinuesWithoutAGap()
    {
        await Client.DefineAsync(Set, Definition(minimum: 2, initial: 2));
        await ConvergeAsync();
        for (var i = 0; i < 3; i++)
        {
            TestCloud.Time.Advance(TimeSpan.FromMinutes(1));
            await PassAsync();
        }

        var before = await Client.GetStatusAsync(Set);
        var last = before.RecentDecisions[^1];
        var owner = await KillOwnerAsync(before.Silo);
        ScaleSetStatus after = null!;
        for (var i = 0; i < 3; i++)
        {
            TestCloud.Time.Advance(TimeSpan.FromMinutes(1));
            after = await PassAsync();
        }

        var trail = after.RecentDecisions;
        Assert.That(after.Silo, Is.Not.EqualTo(owner));
        Assert.That(trail.Zip(trail.Skip(1)).All(p => p.Second.Sequence == p.First.Sequence + 1), Is.True, $"numbered without a gap or a repeat: {string.Join(", ", trail.Select(d => d.Sequence))}");
        Assert.That(trail.Select(d => d.DecisionId), Is.Unique);
        var first = trail.First(d => d.Silo != owner);
        Assert.That(first.Sequence, Is.EqualTo(last.Sequence + 1), "the new activation's first decision follows the dead one's last");
        Assert.That(trail.TakeWhile(d => d.Silo == owner).Select(d => d.Sequence), Is.EqualTo(before.RecentDecisions.Select(d => d.Sequence).TakeLast(trail.TakeWhile(d => d.Silo == owner).Count())), "the dead activation's decisions are kept as they were");
        Assert.That(trail.SkipWhile(d => d.Silo == owner).All(d => d.Silo == after.Silo), Is.True, "then only the new activation's");
        var activations = after.RecentEvents.Where(e => e.Contains(" Activated ", StringComparison.Ordinal)).ToList();
        Assert.That(activations, Has.Count.GreaterThanOrEqualTo(2));
        Assert.That(activations[^2], Does.EndWith("on silo " + owner), "the events go on from the dead activation's");
        Assert.That(activations[^1], Does.EndWith("on silo " + after.Silo));
        Assert.That(after.RecentEvents.Any(e => e.Contains("StateRestored", StringComparison.Ordinal)), Is.True, "the new activation says it resumed from the stored snapshot");
    }

    private static List<string> Upgraded() =>
        [.. TestCloud.Cloud.GetInstances(Set).Where(i => i.ModelVersion == "v2").Select(i => i.Id).Order(StringComparer.Ordinal)];
}
