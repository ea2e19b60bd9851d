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
}
