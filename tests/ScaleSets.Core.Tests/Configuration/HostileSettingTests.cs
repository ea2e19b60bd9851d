using System.Text;
using ScaleSets.Configuration;

namespace ScaleSets.Tests.Configuration;

/// <summary>The classes of hostile setting documents an adversarial probe found accepted or misreported.</summary>
[TestFixture]
public sealed class HostileSettingTests
{
    private const string Rule = """
        { "metricTrigger": { "metricName": "cpu", "operator": "GreaterThan", "threshold": 80 },
          "scaleAction": { "direction": "Increase", "type": "ChangeCount", "value": 1, "cooldown": "PT5M" } }
        """;

    private string directory = "";

    [SetUp]
    public void CreateDirectory()
    {
        directory = Path.Combine(Path.GetTempPath(), "scalesets-hostile-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(directory, recursive: true);

    private static string Setting(string capacity = """{ "minimum": 1, "maximum": 5, "default": 1 }""", string rule = Rule) =>
        "{ \"profiles\": [ { \"name\": \"default\", \"capacity\": " + capacity + ",\n  \"rules\": [ " + rule + " ] } ] }";

    private SettingLoadResult Load(string text, string name = "setting.json") => Load(Encoding.UTF8.GetBytes(text), name);

    private SettingLoadResult Load(byte[] bytes, string name = "setting.json")
    {
        var path = Path.Combine(directory, name);
        File.WriteAllBytes(path, bytes);
        return AutoscaleSettingLoader.Load(path);
    }

    private static SettingProblem[] Errors(SettingLoadResult result) => [.. result.Problems.Where(p => p.Severity == SettingProblemSeverity.Error)];

    [Test]
    public void Load_ThresholdGivenTwice_RefusedWithBothLocations()
    {
        var result = Load(Setting(rule: """
            { "metricTrigger": { "metricName": "cpu", "operator": "GreaterThan",
                "threshold": 80,
                "threshold": 5 },
              "scaleAction": { "direction": "Increase", "type": "ChangeCount", "value": 1, "cooldown": "PT5M" } }
            """));

        var error = Errors(result).Single();
        Assert.Multiple(() =>
        {
            Assert.That(result.IsValid, Is.False);
            Assert.That(error.Path, Is.EqualTo("$.profiles[0].rules[0].metricTrigger.threshold"));
            Assert.That(error.Message, Does.StartWith("the property 'threshold' is given twice (line 3, column 5 and line 4, column 5)"));
            Assert.That(error.Line, Is.EqualTo(4));
        });
    }

    [Test]
    public void Load_MaximumGivenTwice_Refused()
    {
        var result = Load(Setting(capacity: """{ "minimum": 1, "maximum": 5, "maximum": 50, "default": 1 }"""));

        Assert.That(Errors(result).Single().Path, Is.EqualTo("$.profiles[0].capacity.maximum"));
    }

    [Test]
    public void Load_ProfilesGivenTwice_Refused()
    {
        var result = Load("""{ "profiles": [], "profiles": [ { "name": "p", "capacity": { "minimum": 1, "maximum": 2, "default": 1 }, "rules": [] } ] }""");

        Assert.That(Errors(result).Single().Message, Does.StartWith("the property 'profiles' is given twice (line 1, column 3 and line 1, column 19)"));
    }

    [Test]
    public void Load_NamesDifferingOnlyInCase_RefusedAsDuplicates()
    {
        // The reader matches property names case-insensitively, so these two would silently be one.
        var result = Load(Setting(capacity: """{ "minimum": 1, "Maximum": 5, "maximum": 50, "default": 1 }"""));

        Assert.That(Errors(result).Single().Message, Does.StartWith("the property 'maximum' is given twice"));
    }

    [Test]
    public void Load_SameNameInDifferentObjects_NotADuplicate()
    {
        var result = Load(Setting());

        Assert.That(result.Problems, Is.Empty, string.Join("\n", result.Problems));
    }

    [Test]
    public void Load_MaximumOverflowsInt_ReportedOnceWithoutFollowUps()
    {
        var result = Load(Setting(capacity: """{ "minimum": 1, "maximum": 99999999999999999999, "default": 3 }"""));

        var error = Errors(result).Single();
        Assert.Multiple(() =>
        {
            Assert.That(error.Path, Is.EqualTo("$.profiles[0].capacity.maximum"));
            Assert.That(error.Message, Is.EqualTo("the number 99999999999999999999 is too large: a whole number from -2147483648 to 2147483647 is expected"));
            Assert.That(result.Problems, Has.Count.EqualTo(1), string.Join("\n", result.Problems));
        });
    }

    [Test]
    public void Load_UnreadableThreshold_NoInventedFlappingWarning()
    {
        var scaleIn = """
            { "metricTrigger": { "metricName": "cpu", "operator": "LessThan", "threshold": "many" },
              "scaleAction": { "direction": "Decrease", "type": "ChangeCount", "value": 1, "cooldown": "PT5M" } }
            """;

        var result = Load(Setting(rule: Rule + ", " + scaleIn));

        Assert.That(result.Problems.Select(p => p.Path), Is.EqualTo(new[] { "$.profiles[0].rules[1].metricTrigger.threshold" }), string.Join("\n", result.Problems));
    }

    [Test]
    public void Load_InvalidUtf8_RefusedWithItsByteOffset()
    {
        var text = Encoding.UTF8.GetBytes(Setting());
        var at = Array.IndexOf(text, (byte)'d');
        text[at] = 0xFF;

        var result = Load(text);

        var error = result.Problems.Single();
        Assert.Multiple(() =>
        {
            Assert.That(result.Setting, Is.Null);
            Assert.That(error.Message, Is.EqualTo($"the file is not valid UTF-8: invalid byte 0xFF at byte offset {at}; save it as UTF-8"));
            Assert.That(error.Line, Is.EqualTo(1));
        });
    }

    [Test]
    public void Load_Utf8CutInsideACharacter_RefusedAtTheCut()
    {
        var text = Encoding.UTF8.GetBytes(Setting().Replace("default", "défaut", StringComparison.Ordinal));
        var cut = Array.IndexOf(text, (byte)0xC3);

        var result = Load(text[..(cut + 1)]);

        Assert.That(result.Problems.Single().Message, Does.Contain($"at byte offset {cut}"));
    }

    [Test]
    public void Load_Utf8WithByteOrderMarkOrUtf16_Read()
    {
        var utf8 = Load([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Setting())], "bom.json");
        var utf16 = Load([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Setting())], "utf16.json");

        Assert.Multiple(() =>
        {
            Assert.That(utf8.IsValid, Is.True, string.Join("\n", utf8.Problems));
            Assert.That(utf16.IsValid, Is.True, string.Join("\n", utf16.Problems));
        });
    }

    [Test]
    public void Load_MillionCharacterRuleName_Refused()
    {
        var name = new string('r', 1_000_000);
        var result = Load(Setting(rule: Rule.Replace("{ \"metricTrigger\"", "{ \"name\": \"" + name + "\", \"metricTrigger\"", StringComparison.Ordinal)));

        var error = Errors(result).Single();
        Assert.Multiple(() =>
        {
            Assert.That(error.Path, Is.EqualTo("$.profiles[0].rules[0].name"));
            Assert.That(error.Message, Does.StartWith("the rule name has 1000000 characters; at most 260 are allowed"));
            Assert.That(error.ToString().Length, Is.LessThan(300), "the message does not carry the name whole");
        });
    }

    [Test]
    public void Load_YamlKeyGivenTwice_RefusedWithBothLines()
    {
        var result = Load("""
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            spec:
              maxReplicas: 5
              maxReplicas: 50
            """, "hpa.yaml");

        var error = Errors(result).Single();
        Assert.Multiple(() =>
        {
            Assert.That(error.Path, Is.EqualTo("$.spec.maxReplicas"));
            Assert.That(error.Message, Does.StartWith("the key 'maxReplicas' is given twice (lines 4 and 5)"));
        });
    }

    [Test]
    public void Load_YamlAliasBomb_RefusedNotExpanded()
    {
        var bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 9; i++)
        {
            bomb.Append($"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n");
        }

        var result = Load(bomb.ToString(), "bomb.yaml");

        Assert.That(Errors(result).Single().Message, Does.Contain("expands to more than 1000000 values"));
    }

    [Test]
    public void Load_TemplateDoublingAVariable_RefusedNotBuilt()
    {
        var variables = string.Join(", ", Enumerable.Range(1, 40).Select(i => $"\"v{i}\": \"[concat(variables('v{i - 1}'), variables('v{i - 1}'))]\""));
        var template = "{ \"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#\", "
            + "\"variables\": { \"v0\": \"ab\", " + variables + " }, "
            + "\"resources\": [ { \"type\": \"Microsoft.Insights/autoscalesettings\", \"name\": \"[variables('v40')]\", \"properties\": { \"profiles\": [] } } ] }";

        var result = Load(template);

        Assert.That(Errors(result).First().Message, Does.Contain("grows beyond 4000000 characters"));
    }
}
