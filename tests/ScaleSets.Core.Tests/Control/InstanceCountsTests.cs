extern alias FsCheckNUnit;
using FsCheck;
using FsCheck.Fluent;
using ScaleSets.Abstractions;
using ScaleSets.Control;

namespace ScaleSets.Tests.Control;

[TestFixture]
public sealed class InstanceCountsTests
{
    [Test]
    public void TableCounts_FollowAddsChangesAndUntracks()
    {
        var table = new InstanceTable("web");
        var now = ControllerParts.Now;
        var a = table.Adopt(ControllerParts.Info(1, zone: "1"), now);
        var b = table.Adopt(ControllerParts.Info(2, zone: "2"), now);
        table.AddCreated(ControllerParts.Info(3, zone: "2"), "up", now, repairPending: false);
        table.TryGet("vm-3", out var c);

        a.Healthy = true;
        b.SurgeReplacePending = true;
        c!.Info = ControllerParts.Info(3, zone: "3");
        var counts = table.Counts;
        Assert.Multiple(() =>
        {
            Assert.That((counts.InService, counts.HealthyInService, counts.SurgePending), Is.EqualTo((3, 1, 1)));
            Assert.That(counts.ZoneCounts(), Is.EquivalentTo(new Dictionary<string, int> { ["1"] = 1, ["2"] = 1, ["3"] = 1 }));
        });

        a.Removal = InstanceRemovalReason.ScaleIn;
        a.Healthy = false;
        table.Untrack(b);
        Assert.Multiple(() =>
        {
            Assert.That((counts.InService, counts.HealthyInService, counts.SurgePending), Is.EqualTo((1, 0, 0)));
            Assert.That(counts.ZoneCounts(), Is.EquivalentTo(new Dictionary<string, int> { ["3"] = 1 }));
            Assert.That(table.CountInService(), Is.EqualTo(1));
            Assert.That(b.IsTracked, Is.False);
        });

        // An untracked instance no longer counts in its old table.
        b.SurgeReplacePending = false;
        b.Healthy = true;
        Assert.That((counts.InService, counts.HealthyInService, counts.SurgePending), Is.EqualTo((1, 0, 0)));
    }

    [FsCheckNUnit::FsCheck.NUnit.Property(MaxTest = 200)]
    public Property TableCounts_AfterAnyChanges_EqualACountAfresh(NonNegativeInt[] raw)
    {
        var changes = raw.Select(r => (What: r.Get % 8, Which: (r.Get / 8) % 8)).ToArray();
        {
            var table = new InstanceTable("web");
            for (var i = 0; i < 8; i++)
            {
                table.Adopt(ControllerParts.Info(i, zone: (i % 3).ToString(System.Globalization.CultureInfo.InvariantCulture)), ControllerParts.Now);
            }

            foreach (var (what, which) in changes)
            {
                if (!table.TryGet("vm-" + which, out var t))
                {
                    table.AddCreated(ControllerParts.Info(which), null, ControllerParts.Now, repairPending: false);
                    continue;
                }

                switch (what)
                {
                    case 0: t.Healthy = !t.Healthy; break;
                    case 1: t.SurgeReplacePending = !t.SurgeReplacePending; break;
                    case 2: t.Removal = t.IsRemoving ? InstanceRemovalReason.None : InstanceRemovalReason.Repair; break;
                    case 3: t.Info = t.Info with { Zone = t.Zone == "1" ? "2" : "1" }; break;
                    case 4: t.Info = t.Info with { State = t.Info.State == InstanceState.Stopped ? InstanceState.Running : InstanceState.Stopped, ModelVersion = t.Info.ModelVersion == "v1" ? "v2" : "v1" }; break;
                    case 5: t.Member = t.Member is null ? new LoadBalancerMember(t.Id, t.Info.Name, "10.0.0.1", LoadBalancerMemberState.Ready, 0) : null; break;
                    case 6: t.Member = t.Member is null ? null : t.Member with { State = LoadBalancerMemberState.Draining, Address = "10.0.0.2" }; break;
                    default: table.Untrack(t); break;
                }
            }

            var kept = table.Counts;
            var fresh = InstanceCounts.Of(table.All);
            return (kept.InService == fresh.InService
                && kept.Total == fresh.Total && kept.Total == table.Count
                && kept.Healthy == fresh.Healthy && kept.Ready == fresh.Ready && kept.Removing == fresh.Removing
                && kept.StoppedInService == fresh.StoppedInService && kept.StoppedInService == table.All.Count(t => !t.IsRemoving && t.Info.State == InstanceState.Stopped)
                && kept.UnsettledInService == fresh.UnsettledInService && kept.PoolSyncNeeded == fresh.PoolSyncNeeded
                && kept.InServiceAt("v1") == fresh.InServiceAt("v1") && kept.InServiceAt("v2") == fresh.InServiceAt("v2")
                && kept.HealthyInService == fresh.HealthyInService
                && kept.SurgePending == fresh.SurgePending
                && kept.ZoneCounts().OrderBy(z => z.Key, StringComparer.Ordinal).SequenceEqual(fresh.ZoneCounts().OrderBy(z => z.Key, StringComparer.Ordinal))).ToProperty();
        }
    }
}
