using Orleans.TestingHost;
using ScaleSets.Orleans.Grains;

namespace ScaleSets.Orleans.Tests.Grains;

/// <summary>
/// The grains' own clockwork on the three-silo PostgreSQL cluster, with no test calling a pass: the evaluation and
/// reconcile timers tick a set's grain as the virtual clock advances, and after the silo it ran on dies, nothing calls
/// the set at all: its reminder wakes it on another silo, whose timers go on.
/// </summary>
/// <remarks>
/// The grain is never called after it is defined (a call would activate it); the test reads the set's row from
/// PostgreSQL and the simulated cloud. Each step advances the virtual clock a minute and then waits for the row write the
/// tick makes, as the grain storage signals it (<see cref="SignallingGrainStorage"/>): no polling. Only failure detection
/// after the kill runs in real time (the cluster's membership probes), which is why that wait is bounded.
/// </remarks>
[TestFixture]
[NonParallelizable]
public sealed class ScaleSetGrainTimerTests : ClusterTestBase
{
    [Test]
    public async Task Timers_TickTheGrainWithoutCalls_AndAfterItsSiloDiesTheReminderWakesItOnAnother()
    {
        await Client.DefineAsync(Set, Definition(minimum: 3, initial: 1));

        // Timers: the set scales out to its minimum with no call, each tick writing the row (the pass's lease).
        var ticked = await AdvanceUntilAsync(_ => TestCloud.Cloud.GetInstances(Set).Count == 3 && TestCloud.Cloud.GetMembers(Set).Count == 3, "the timers to create the set's minimum");
        var owner = Silo(ticked);
        Assert.That(ticked.Generation, Is.GreaterThan(2), "several timer ticks wrote the row");

        // The owner dies, and an instance is lost with it; nobody calls the set.
        await KillOwnerAsync(owner);
        var lost = TestCloud.Cloud.GetInstances(Set)[0].Id;
        Assert.That(TestCloud.Cloud.Lose(lost), Is.True);
        var woken = await AdvanceUntilAsync(
            row => Silo(row) != owner && TestCloud.Cloud.GetInstances(Set).Count == 3 && TestCloud.Cloud.GetInstances(Set).All(i => i.Id != lost) && TestCloud.Cloud.GetMembers(Set).Count == 3,
            "the reminder to wake the set on another silo and its timers to replace the lost instance");

        Assert.That(Silo(woken), Is.Not.EqualTo(owner));
        Assert.That(woken.RecentEvents.Any(e => e.Contains("Activated", StringComparison.Ordinal) && e.EndsWith("on silo " + Silo(woken), StringComparison.Ordinal)), Is.True, "a new activation on the surviving silo");
        Assert.That(TestCloud.Cloud.GetMembers(Set).Select(m => m.InstanceId), Is.EquivalentTo(TestCloud.Cloud.GetInstances(Set).Select(i => i.Id)));
    }

    protected override void AddSiloConfigurator(TestClusterBuilder builder) => builder.AddSiloBuilderConfigurator<VirtualTimeSiloConfigurator>();

    private static string Silo(ScaleSetGrainState row) => row.WrittenBy?.Split('/')[0] ?? string.Empty;

    /// <summary>
    /// Advances the virtual clock a minute at a time, each time waiting for the row write the tick makes (the grain
    /// storage's signal; bounded, since a tick of a set whose silo died writes nothing), until <paramref name="done"/>
    /// holds; returns the row then.
    /// </summary>
    private async Task<ScaleSetGrainState> AdvanceUntilAsync(Func<ScaleSetGrainState, bool> done, string what)
    {
        var row = await ReadRowAsync();
        for (var step = 0; step < 60; step++)
        {
            if (done(row))
            {
                return row;
            }

            var written = TestCloud.RowWrites.Next();
            TestCloud.Time.Advance(TimeSpan.FromMinutes(1));
            try
            {
                // The tick runs in the silo, asynchronously: its write is the event waited for, not a time input of the test.
                await written.WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (TimeoutException)
            {
                // No write: the set's silo is dead and not yet declared so; the next minute's reminder or timer goes on.
            }

            row = await ReadRowAsync();
        }

        Assert.Fail($"sixty virtual minutes passed waiting for {what}; the row was last written by {row.WrittenBy} (generation {row.Generation}), the cloud holds {TestCloud.Cloud.GetInstances(Set).Count} instances");
        return row;
    }
}
