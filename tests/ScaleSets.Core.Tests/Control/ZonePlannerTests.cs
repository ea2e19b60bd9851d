extern alias FsCheckNUnit;
using FsCheck;
using FsCheck.Fluent;
using ScaleSets.Control;

namespace ScaleSets.Tests.Control;

[TestFixture]
public sealed class ZonePlannerTests
{
    private static readonly string[] Zones = ["1", "2", "3"];

    [FsCheckNUnit::FsCheck.NUnit.Property(MaxTest = 200)]
    public Property Plan_AllZonesAvailable_KeepsSkewAtMostOne(NonNegativeInt a, NonNegativeInt b, PositiveInt count)
    {
        var counts = new Dictionary<string, int> { ["1"] = a.Get % 5, ["2"] = (a.Get % 5) + (b.Get % 2), ["3"] = a.Get % 5 };

        var placed = ZonePlanner.Plan(Zones, counts, _ => true, ZoneBalanceMode.Strict, count.Get % 50, out var blocked);

        return (blocked is null && placed.Count == count.Get % 50 && ZonePlanner.Skew(Zones, counts) <= 1).ToProperty();
    }

    [Test]
    public void Plan_StrictWithZoneDown_BlocksAndNamesTheZone()
    {
        var counts = new Dictionary<string, int>();

        var placed = ZonePlanner.Plan(Zones, counts, z => z != "2", ZoneBalanceMode.Strict, 6, out var blocked);

        Assert.That(placed, Is.EqualTo(new[] { "1", "3" }));
        Assert.That(blocked, Does.Contain("zone '2'"));
    }

    [Test]
    public void Plan_BestEffortWithZoneDown_PlacesEverythingElsewhere()
    {
        var counts = new Dictionary<string, int>();

        var placed = ZonePlanner.Plan(Zones, counts, z => z != "2", ZoneBalanceMode.BestEffort, 6, out var blocked);

        Assert.That(blocked, Is.Null);
        Assert.That(placed.Count(z => z == "1"), Is.EqualTo(3));
        Assert.That(placed.Count(z => z == "3"), Is.EqualTo(3));
    }

    // One rebalance round: the creates go to the shortest zones, scale-in then removes as many from the fullest zones.
    [FsCheckNUnit::FsCheck.NUnit.Property(MaxTest = 300)]
    public Property RebalanceCreates_ThenScaleInFromFullest_BalancesInOneRound(NonNegativeInt a, NonNegativeInt b, NonNegativeInt c, NonNegativeInt d)
    {
        string[] zones = ["1", "2", "3", "4"];
        var counts = new Dictionary<string, int> { ["1"] = a.Get % 400, ["2"] = b.Get % 400, ["3"] = c.Get % 400, ["4"] = d.Get % 400 };
        var skewBefore = ZonePlanner.Skew(zones, counts);

        var creates = ZonePlanner.RebalanceCreates(zones, counts);
        ZonePlanner.Plan(zones, counts, _ => true, ZoneBalanceMode.BestEffort, creates, out _);
        for (var i = 0; i < creates; i++)
        {
            var fullest = zones.OrderByDescending(z => counts[z]).First();
            counts[fullest]--;
        }

        return (ZonePlanner.Skew(zones, counts) <= 1 && (skewBefore > 1) == (creates > 0)).Label($"creates={creates} after={string.Join(",", counts.Values)}");
    }

    [Test]
    public void RebalanceCreates_SkewedByTwoWithoutAShortZone_AddsOne()
    {
        var counts = new Dictionary<string, int> { ["1"] = 5, ["2"] = 5, ["3"] = 7 };

        Assert.That(ZonePlanner.RebalanceCreates(Zones, counts), Is.EqualTo(1));
    }

    [TestCase(0, 0)]
    [TestCase(1, 1)]
    [TestCase(3, 2)]
    public void RebalanceCreates_LongZoneProtected_OnlyWhatItsScaleInCanTake(int removableInLongZone, int expected)
    {
        var counts = new Dictionary<string, int> { ["1"] = 4, ["2"] = 1, ["3"] = 1 };
        var removable = new Dictionary<string, int> { ["1"] = removableInLongZone, ["2"] = 1, ["3"] = 1 };

        Assert.That(ZonePlanner.RebalanceCreates(Zones, counts, removable), Is.EqualTo(expected));
    }
}
