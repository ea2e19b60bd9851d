using ScaleSets.Traces;

namespace ScaleSets.Tests.Traces;

[TestFixture]
public sealed class IsoTimestampTests
{
    [TestCase("2026-03-04T05:06:07Z", "2026-03-04T05:06:07.0000000+00:00")]
    [TestCase("2026-03-04T05:06:07+02:00", "2026-03-04T03:06:07.0000000+00:00")]
    [TestCase("2026-03-04T05:06:07-05:30", "2026-03-04T10:36:07.0000000+00:00")]
    [TestCase("2026-03-04T05:06:07", "2026-03-04T05:06:07.0000000+00:00")]
    [TestCase("2026-03-04T05:06", "2026-03-04T05:06:00.0000000+00:00")]
    [TestCase("2026-03-04T05:06:07.5Z", "2026-03-04T05:06:07.5000000+00:00")]
    [TestCase("2026-03-04T05:06:07.1234567Z", "2026-03-04T05:06:07.1234567+00:00")]
    [TestCase("2026-03-04", "2026-03-04T00:00:00.0000000+00:00")]
    [TestCase(" 2026-03-04T05:06:07Z ", "2026-03-04T05:06:07.0000000+00:00")]
    public void TryParse_Iso8601_ReadsTheInstantAsUtc(string text, string expected)
    {
        Assert.That(IsoTimestamp.TryParse(text, out var time), Is.True);
        Assert.That(time.ToString("o", System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(expected));
        Assert.That(time.Offset, Is.EqualTo(TimeSpan.Zero));
    }

    [TestCase("03/04/2026 00:00")]
    [TestCase("04.03.2026 00:00")]
    [TestCase("10:00")]
    [TestCase("10:00:00Z")]
    [TestCase("2026-03-04 05:06:07")]
    [TestCase("2026-3-4T05:06:07Z")]
    [TestCase("March 4, 2026")]
    [TestCase("2026-03-04T05:06:07 +02:00")]
    [TestCase("2026-03-04T25:00:00Z")]
    [TestCase("2026-02-30T00:00:00Z")]
    [TestCase("2026-03-04T05:06:07.12345678Z")]
    [TestCase("1772600767")]
    [TestCase("")]
    public void TryParse_NotIso8601_IsRefused(string text) =>
        Assert.That(IsoTimestamp.TryParse(text, out _), Is.False);

    [Test]
    public void TryParse_UnderAnotherCulture_ReadsTheSame()
    {
        var saved = Thread.CurrentThread.CurrentCulture;
        try
        {
            Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("ar-SA");
            Assert.That(IsoTimestamp.TryParse("2026-03-04T05:06:07Z", out var time), Is.True);
            Assert.That(time, Is.EqualTo(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero)));
            Assert.That(IsoTimestamp.TryParse("03/04/2026 00:00", out _), Is.False);
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = saved;
        }
    }
}
