using ScaleSets.Cli.Commands;

namespace ScaleSets.Tests.Cli;

[TestFixture]
public sealed class DurationArgumentTests
{
    [TestCase("PT5M", 300)]
    [TestCase("pt30s", 30)]
    [TestCase("P1D", 86400)]
    [TestCase("00:02:00", 120)]
    public void Parse_IsoOrClock_Parses(string text, int seconds) =>
        Assert.That(DurationArgument.Parse(text, "--x"), Is.EqualTo(TimeSpan.FromSeconds(seconds)));

    [Test]
    public void Parse_Garbage_NamesTheOption() =>
        Assert.That(() => DurationArgument.Parse("soon", "--horizon"), Throws.TypeOf<CliError>().With.Message.EqualTo("--horizon: 'soon' is not a duration; use ISO 8601 such as PT1M or PT30S"));

    [Test]
    public void ParsePositive_Zero_IsRefused() =>
        Assert.That(() => DurationArgument.ParsePositive("PT0M", "--horizon"), Throws.TypeOf<CliError>().With.Message.EqualTo("--horizon: 'PT0M' is not a positive duration; use ISO 8601 such as PT5M or PT30M"));

    [Test]
    public void ParseTime_NoOffset_IsUtc() =>
        Assert.That(DurationArgument.ParseTime("1995-08-10T00:00:00", "--from"), Is.EqualTo(new DateTimeOffset(1995, 8, 10, 0, 0, 0, TimeSpan.Zero)));

    [TestCase("10:00")]
    [TestCase("03/04/2026 00:00")]
    [TestCase("tomorrow")]
    public void ParseTime_NotIso8601_IsRefusedNamingTheOption(string text) =>
        Assert.That(() => DurationArgument.ParseTime(text, "--train-until"), Throws.TypeOf<CliError>().With.Message.StartWith($"--train-until: '{text}' is not an ISO 8601 timestamp"));
}
