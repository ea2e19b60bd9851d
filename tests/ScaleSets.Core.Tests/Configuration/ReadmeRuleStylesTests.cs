using System.Text.RegularExpressions;
using ScaleSets.Configuration;
using ScaleSets.Model;

namespace ScaleSets.Tests.Configuration;

/// <summary>The JSON examples of the three rule styles in the ScaleSets.Core README and the main README read and validate as they are written.</summary>
[TestFixture]
public sealed partial class ReadmeRuleStylesTests
{
    [Test]
    public void RuleStyleExamples_EachReadsAndValidates_WithItsRuleKind()
    {
        var examples = Examples();
        var kinds = new List<ScaleRuleKind>();
        foreach (var json in examples)
        {
            var read = AutoscaleSettingJson.Read(json);
            Assert.That(read.Problems, Is.Empty, json);
            Assert.That(AutoscaleSettingValidator.Validate(read.Setting!).Problems, Is.Empty, json);
            kinds.Add(read.Setting!.Profiles[0].Rules[0].Kind);
        }

        Assert.That(kinds, Is.EqualTo(new[] { ScaleRuleKind.Threshold, ScaleRuleKind.TargetTracking, ScaleRuleKind.StepScaling }));
    }

    /// <summary>The main README shows one rule of each style; each, in a profile of its own, reads and validates.</summary>
    [Test]
    public void MainReadmeRuleExamples_EachReadsAndValidatesInAProfile_WithItsRuleKind()
    {
        var kinds = new List<ScaleRuleKind>();
        foreach (var rule in Examples("README.md", "### Rules in three styles"))
        {
            var json = $$"""{ "name": "readme", "profiles": [{ "name": "default", "capacity": { "minimum": 1, "maximum": 10, "default": 1 }, "rules": [{{rule}}] }] }""";
            var read = AutoscaleSettingJson.Read(json);
            Assert.That(read.Problems, Is.Empty, rule);
            Assert.That(AutoscaleSettingValidator.Validate(read.Setting!).Problems, Is.Empty, rule);
            kinds.Add(read.Setting!.Profiles[0].Rules[0].Kind);
        }

        Assert.That(kinds, Is.EqualTo(new[] { ScaleRuleKind.Threshold, ScaleRuleKind.TargetTracking, ScaleRuleKind.StepScaling }));
    }

    private static List<string> Examples(string file = "src/ScaleSets.Core/README.md", string heading = "## Rule styles")
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ScaleSets.Core.sln")))
        {
            directory = directory.Parent;
        }

        Assert.That(directory, Is.Not.Null, "the repository root (ScaleSets.Core.sln) above the test directory");
        var readme = File.ReadAllText(Path.Combine(directory!.FullName, file));
        var start = readme.IndexOf(heading, StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), $"the section '{heading}' of {file}");
        var section = readme[(start + heading.Length)..];
        var end = section.IndexOf("\n#", StringComparison.Ordinal);
        return [.. JsonBlock().Matches(end < 0 ? section : section[..end]).Select(m => m.Groups[1].Value)];
    }

    [GeneratedRegex("```json\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
