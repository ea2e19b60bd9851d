using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using ScaleSets.Schedules;

namespace ScaleSets.Tests.Schedules;

[TestFixture]
public sealed class ZonedTimeTests
{
    private static TimeZoneInfo Zone(string id)
    {
        Assert.That(TimeZoneResolver.TryFind(id, out var zone), Is.True, id);
        return zone;
    }

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    [Test]
    public void ToInstant_OrdinaryTime_UsesTheZoneOffset() =>
        Assert.That(ZonedTime.ToInstant(Zone("W. Europe Standard Time"), new DateTime(2026, 7, 1, 12, 0, 0)), Is.EqualTo(Utc(2026, 7, 1, 10, 0)));

    [TestCase("W. Europe Standard Time", "2026-03-29T02:30:00", "2026-03-29T01:00:00Z")]
    [TestCase("W. Europe Standard Time", "2026-03-29T02:00:00", "2026-03-29T01:00:00Z")]
    [TestCase("W. Europe Standard Time", "2026-03-29T02:59:00", "2026-03-29T01:00:00Z")]
    [TestCase("Europe/Berlin", "2026-03-29T02:30:00", "2026-03-29T01:00:00Z")]
    [TestCase("Pacific Standard Time", "2026-03-08T02:30:00", "2026-03-08T10:00:00Z")]
    [TestCase("Australia/Lord_Howe", "2026-10-04T02:15:00", "2026-10-03T15:30:00Z")]
    public void ToInstant_TimeInSpringForwardGap_IsTheFirstInstantAfterTheGap(string zone, string local, string expected)
    {
        var instant = ZonedTime.ToInstant(Zone(zone), DateTime.Parse(local, CultureInfo.InvariantCulture));

        Assert.That(instant, Is.EqualTo(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture)));
    }

    [Test]
    public void ToInstant_AmbiguousFallBackTime_IsTheFirstOccurrence()
    {
        var zone = Zone("W. Europe Standard Time");

        Assert.That(ZonedTime.ToInstant(zone, new DateTime(2026, 10, 25, 2, 30, 0)), Is.EqualTo(Utc(2026, 10, 25, 0, 30)));
        Assert.That(ZonedTime.ToInstant(zone, new DateTime(2026, 10, 25, 2, 0, 0)), Is.EqualTo(Utc(2026, 10, 25, 0, 0)));
        Assert.That(ZonedTime.ToInstant(zone, new DateTime(2026, 10, 25, 3, 0, 0)), Is.EqualTo(Utc(2026, 10, 25, 2, 0)));
    }

    [Test]
    public void ToInstant_AmbiguousTimeInPacific_IsTheFirstOccurrence() =>
        Assert.That(ZonedTime.ToInstant(Zone("Pacific Standard Time"), new DateTime(2026, 11, 1, 1, 30, 0)), Is.EqualTo(Utc(2026, 11, 1, 8, 30)));

    [Test]
    public void ToLocal_InstantInSecondOccurrence_GivesTheRepeatedWallClock() =>
        Assert.That(ZonedTime.ToLocal(Zone("Europe/Berlin"), Utc(2026, 10, 25, 1, 30)), Is.EqualTo(new DateTime(2026, 10, 25, 2, 30, 0)));

    [TestCase("W. Europe Standard Time")]
    [TestCase("Pacific Standard Time")]
    [TestCase("Australia/Lord_Howe")]
    [TestCase("America/Santiago")]
    [TestCase("UTC")]
    public void ToInstant_LaterLocalTime_NeverEarlierInstant(string id)
    {
        var zone = Zone(id);
        var minutes = Gen.Choose(0, 366 * 24 * 60);
        Prop.ForAll(Arb.From(Gen.Two(minutes)), pair =>
        {
            var (a, b) = pair.Item1 <= pair.Item2 ? pair : (pair.Item2, pair.Item1);
            var start = new DateTime(2026, 1, 1);
            return ZonedTime.ToInstant(zone, start.AddMinutes(a)) <= ZonedTime.ToInstant(zone, start.AddMinutes(b));
        }).QuickCheckThrowOnFailure();
    }

    [TestCase("W. Europe Standard Time")]
    [TestCase("Australia/Lord_Howe")]
    public void ToInstant_ValidLocalTime_RoundTripsThroughToLocal(string id)
    {
        var zone = Zone(id);
        Prop.ForAll(Arb.From(Gen.Choose(0, 366 * 24 * 60)), minute =>
        {
            var local = new DateTime(2026, 1, 1).AddMinutes(minute);
            return zone.IsInvalidTime(local) || ZonedTime.ToLocal(zone, ZonedTime.ToInstant(zone, local)) == local;
        }).QuickCheckThrowOnFailure();
    }
}
