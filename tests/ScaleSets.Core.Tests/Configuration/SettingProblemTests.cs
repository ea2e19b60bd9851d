using ScaleSets.Configuration;

namespace ScaleSets.Tests.Configuration;

[TestFixture]
public sealed class SettingProblemTests
{
    [Test]
    public void ToString_ErrorWithPath_SeverityPathMessage() =>
        Assert.That(
            new SettingProblem("$.profiles[0].name", "the profile name is empty", SettingProblemSeverity.Error).ToString(),
            Is.EqualTo("error at $.profiles[0].name: the profile name is empty"));

    [Test]
    public void ToString_WarningWithPathAndLine_ShowsBoth() =>
        Assert.That(
            new SettingProblem("$.x", "odd", SettingProblemSeverity.Warning) { Line = 7 }.ToString(),
            Is.EqualTo("warning at $.x (line 7): odd"));

    [Test]
    public void ToString_NoPath_OmitsLocation() =>
        Assert.That(new SettingProblem("", "cannot read", SettingProblemSeverity.Error).ToString(), Is.EqualTo("error: cannot read"));
}
