using System.Text.RegularExpressions;
using ScaleSets.Configuration;
using ScaleSets.Model;

namespace ScaleSets.Tests.Configuration;

/// <summary>The JSON examples of the three rule styles in the ScaleSets.Core README read and validate as they are written.</summary>
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

    private static List<string> Examples()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ScaleSets.Core.sln")))
        {
            directory = directory.Parent;
        }

        Assert.That(directory, Is.Not.Null, "the repository root (ScaleSets.Core.sln) above the test directory");
        var readme = File.ReadAllText(Path.Combine(directory!.FullName, "src", "ScaleSets.Core", "README.md"));
        var start = readme.IndexOf("## Rule styles", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), "the README's Rule styles section");
        var section = readme[start..];
        var end = section.IndexOf("### ", StringComparison.Ordinal);
        return [.. JsonBlock().Matches(end < 0 ? section : section[..end]).Select(m => m.Groups[1].Value)];
    }

    [GeneratedRegex("```json\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
