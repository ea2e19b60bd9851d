using ScaleSets.Schedules;

namespace ScaleSets.Tests.Schedules;

[TestFixture]
public sealed class TimeZoneResolverTests
{
    [TestCase("W. Europe Standard Time")]
    [TestCase("Pacific Standard Time")]
    [TestCase("UTC")]
    [TestCase("Europe/Berlin")]
    [TestCase("America/Los_Angeles")]
    [TestCase("Etc/UTC")]
    public void TryFind_KnownId_Found(string id) => Assert.That(TimeZoneResolver.TryFind(id, out _), Is.True);

    [TestCase("Mars/Olympus_Mons")]
    [TestCase("")]
    [TestCase("   ")]
    [TestCase(null)]
    public void TryFind_UnknownId_NotFound(string? id) => Assert.That(TimeZoneResolver.TryFind(id, out _), Is.False);

    [Test]
    public void TryFind_WindowsAndIanaIds_HaveTheSameRules()
    {
        TimeZoneResolver.TryFind("W. Europe Standard Time", out var windows);
        TimeZoneResolver.TryFind("Europe/Berlin", out var iana);

        for (var day = 0; day < 366; day += 5)
        {
            var instant = new DateTime(2026, 1, 1, 0, 30, 0, DateTimeKind.Utc).AddDays(day);
            Assert.That(windows.GetUtcOffset(instant), Is.EqualTo(iana.GetUtcOffset(instant)), instant.ToString("O"));
        }
    }

    [Test]
    public void TryFind_SameIdTwice_ReturnsTheCachedZone()
    {
        TimeZoneResolver.TryFind("Pacific Standard Time", out var first);
        TimeZoneResolver.TryFind("Pacific Standard Time", out var second);

        Assert.That(second, Is.SameAs(first));
    }

    // Why the resolver maps them itself: CLDR's windowsZones.xml, which ICU (and so .NET on Linux) uses, has no entry.
    [TestCase("Kamchatka Standard Time")]
    [TestCase("Mid-Atlantic Standard Time")]
    public void TryConvertWindowsIdToIanaId_RetiredWindowsId_IcuHasNoMapping(string id)
    {
        Assert.That(TimeZoneInfo.TryConvertWindowsIdToIanaId(id, out var iana), Is.False, $"ICU maps {id} to {iana}; the resolver's own entry may go");
    }

    // Azure's time zone list still offers two Windows ids that CLDR (so ICU on Linux) no longer maps.
    [TestCase("Kamchatka Standard Time", 12, 12)]
    [TestCase("Mid-Atlantic Standard Time", -2, -1)]
    public void TryFind_RetiredWindowsId_MapsToItsPresentRules(string id, int januaryHours, int julyHours)
    {
        Assert.That(TimeZoneResolver.TryFind(id, out var zone), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(zone.GetUtcOffset(new DateTime(2026, 1, 15, 12, 0, 0, DateTimeKind.Utc)), Is.EqualTo(TimeSpan.FromHours(januaryHours)));
            Assert.That(zone.GetUtcOffset(new DateTime(2026, 7, 15, 12, 0, 0, DateTimeKind.Utc)), Is.EqualTo(TimeSpan.FromHours(julyHours)));
        });
    }

    /// <summary>Windows' rule for Mid-Atlantic: summer time from 02:00 on the last Sunday of March to 02:00 on the last Sunday of September.</summary>
    [Test]
    public void TryFind_MidAtlantic_SummerHourOnWindowsDates()
    {
        Assert.That(TimeZoneResolver.TryFind("Mid-Atlantic Standard Time", out var zone), Is.True);
        Assert.Multiple(() =>
        {
            // 2026: the last Sunday of March is the 29th, of September the 27th.
            Assert.That(zone.GetUtcOffset(new DateTime(2026, 3, 29, 3, 59, 0, DateTimeKind.Utc)), Is.EqualTo(TimeSpan.FromHours(-2)), "01:59 local, before the change");
            Assert.That(zone.GetUtcOffset(new DateTime(2026, 3, 29, 4, 0, 0, DateTimeKind.Utc)), Is.EqualTo(TimeSpan.FromHours(-1)), "02:00 local becomes 03:00");
            Assert.That(zone.GetUtcOffset(new DateTime(2026, 9, 27, 2, 59, 0, DateTimeKind.Utc)), Is.EqualTo(TimeSpan.FromHours(-1)), "01:59 summer time");
            Assert.That(zone.GetUtcOffset(new DateTime(2026, 9, 27, 3, 0, 0, DateTimeKind.Utc)), Is.EqualTo(TimeSpan.FromHours(-2)), "02:00 summer time is 01:00 again");
            Assert.That(zone.GetUtcOffset(new DateTime(2027, 3, 28, 4, 0, 0, DateTimeKind.Utc)), Is.EqualTo(TimeSpan.FromHours(-1)), "the same rule every year");
        });
    }
}
