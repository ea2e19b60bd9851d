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
}
