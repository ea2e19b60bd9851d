using ScaleSets.Configuration;
using ScaleSets.Metrics;
using ScaleSets.Model;

namespace ScaleSets.Tests.Configuration;

[TestFixture]
public sealed class AutoscaleSettingJsonTests
{
    private const string MinimalProfile = """
        { "name": "p", "capacity": { "minimum": 1, "maximum": 3, "default": 1 }, "rules": [ RULES ] }
        """;

    private static SettingReadResult ReadRules(string rules) =>
        AutoscaleSettingJson.Read("{ \"name\": \"s\", \"profiles\": [ " + MinimalProfile.Replace("RULES", rules, StringComparison.Ordinal) + " ] }");

    [Test]
    public void Read_NativeFile_ReadsEveryPart()
    {
        var result = AutoscaleSettingJson.Read(File.ReadAllText(TestData.PathOf("native-web.json")));

        Assert.That(result.Problems, Is.Empty);
        Assert.That(result.Format, Is.EqualTo(SettingFormat.Native));
        var profile = result.Setting!.Profiles.Single();
        Assert.That(profile.Capacity.Maximum, Is.EqualTo(20));
        var target = profile.Rules[0];
        Assert.That(target.Kind, Is.EqualTo(ScaleRuleKind.TargetTracking));
        Assert.That(target.TargetTracking!.TargetValue, Is.EqualTo(60));
        Assert.That(target.TargetTracking.ScaleDown.StabilizationWindow, Is.EqualTo(TimeSpan.FromMinutes(5)), "omitted behaviors keep HPA defaults");
        var steps = profile.Rules[1];
        Assert.That(steps.MetricTrigger.Source, Is.EqualTo(MetricSourceKind.Application));
        Assert.That(steps.MetricTrigger.TimeWindow, Is.EqualTo(TimeSpan.FromMinutes(5)), "hh:mm:ss durations are accepted");
        Assert.That(steps.MetricTrigger.DividePerInstance, Is.True);
        Assert.That(steps.StepScaling!.Cooldown, Is.EqualTo(TimeSpan.FromMinutes(3)));
        Assert.That(steps.StepScaling.Steps[1].UpperBound, Is.Null);
        Assert.That(steps.StepScaling.Steps[1].Adjustment, Is.EqualTo(3));
    }

    [Test]
    public void Read_PropertyNamesAndEnumsInOtherCase_AreMatched()
    {
        var result = ReadRules("""
            { "METRICTRIGGER": { "MetricName": "cpu", "Operator": "lessthan", "STATISTIC": "max", "threshold": 5 },
              "scaleaction": { "Direction": "DECREASE", "type": "exactcount", "value": 2, "cooldown": "P1D" } }
            """);

        Assert.That(result.Problems, Is.Empty);
        var rule = result.Setting!.Profiles[0].Rules[0];
        Assert.That(rule.MetricTrigger.Operator, Is.EqualTo(ComparisonOperator.LessThan));
        Assert.That(rule.MetricTrigger.Statistic, Is.EqualTo(MetricStatistic.Max));
        Assert.That(rule.ScaleAction!.Direction, Is.EqualTo(ScaleDirection.Decrease));
        Assert.That(rule.ScaleAction.Type, Is.EqualTo(ScaleType.ExactCount));
        Assert.That(rule.ScaleAction.Cooldown, Is.EqualTo(TimeSpan.FromDays(1)));
    }

    [Test]
    public void Read_NumbersAsStrings_AreParsedInvariantly()
    {
        var result = AutoscaleSettingJson.Read("""
            { "profiles": [ { "name": "p", "capacity": { "minimum": "1", "maximum": "12", "default": " 3 " },
              "rules": [ { "metricTrigger": { "metricName": "m", "threshold": "70.5", "dividePerInstance": "true" },
                           "scaleAction": { "value": "2" } } ] } ] }
            """);

        Assert.That(result.Problems, Is.Empty);
        var profile = result.Setting!.Profiles[0];
        Assert.That(profile.Capacity.Maximum, Is.EqualTo(12));
        Assert.That(profile.Capacity.Default, Is.EqualTo(3));
        Assert.That(profile.Rules[0].MetricTrigger.Threshold, Is.EqualTo(70.5));
        Assert.That(profile.Rules[0].MetricTrigger.DividePerInstance, Is.True);
        Assert.That(profile.Rules[0].ScaleAction!.Value, Is.EqualTo(2));
    }

    [Test]
    public void Read_OmittedProperties_KeepModelDefaults()
    {
        var result = ReadRules("""{ "metricTrigger": { "metricName": "m" }, "scaleAction": {} }""");

        var rule = result.Setting!.Profiles[0].Rules[0];
        var defaults = new ScaleRule { MetricTrigger = new MetricTrigger { MetricName = "m" }, ScaleAction = new ScaleAction() };
        ModelAssert.AreEqual(defaults, rule);
        Assert.That(result.Setting.Enabled, Is.True);
    }

    [Test]
    public void Read_UnknownEnumValue_ErrorNamesPathAndAllowedValues()
    {
        var result = ReadRules("""{ "metricTrigger": { "metricName": "m", "operator": "GreaterThen" }, "scaleAction": {} }""");

        var problem = result.Problems.Single();
        Assert.That(problem.Severity, Is.EqualTo(SettingProblemSeverity.Error));
        Assert.That(problem.Path, Is.EqualTo("$.profiles[0].rules[0].metricTrigger.operator"));
        Assert.That(problem.Message, Does.Contain("'GreaterThen'"));
        Assert.That(problem.Message, Does.Contain("Equals, NotEquals, GreaterThan, GreaterThanOrEqual, LessThan, LessThanOrEqual"));
    }

    [TestCase("\"3\"")]
    [TestCase("3")]
    [TestCase("\"GreaterThan,LessThan\"")]
    public void Read_EnumGivenAsNumber_IsAnError(string value)
    {
        var result = ReadRules("{ \"metricTrigger\": { \"metricName\": \"m\", \"operator\": " + value + " }, \"scaleAction\": {} }");

        Assert.That(result.Problems.Single().Path, Is.EqualTo("$.profiles[0].rules[0].metricTrigger.operator"));
        Assert.That(result.Problems.Single().Severity, Is.EqualTo(SettingProblemSeverity.Error));
    }

    [Test]
    public void Read_UnknownProperty_WarnsAndKeepsReading()
    {
        var result = ReadRules("""{ "metricTrigger": { "metricName": "m", "treshold": 70 }, "scaleAction": {} }""");

        var problem = result.Problems.Single();
        Assert.That(problem.Severity, Is.EqualTo(SettingProblemSeverity.Warning));
        Assert.That(problem.Path, Is.EqualTo("$.profiles[0].rules[0].metricTrigger.treshold"));
        Assert.That(problem.Message, Is.EqualTo("unknown property 'treshold' ignored"));
        Assert.That(result.Setting!.Profiles[0].Rules[0].MetricTrigger.MetricName, Is.EqualTo("m"));
    }

    [Test]
    public void Read_AzureOnlyPropertyInNativeFormat_Warns()
    {
        var result = ReadRules("""{ "metricTrigger": { "metricName": "m", "metricResourceLocation": "x" }, "scaleAction": {} }""");

        Assert.That(result.Problems.Single().Message, Is.EqualTo("unknown property 'metricResourceLocation' ignored"));
    }

    [Test]
    public void Read_MalformedJson_OneErrorWithLineNumber()
    {
        var result = AutoscaleSettingJson.Read("{\n  \"name\": \"s\",\n  \"profiles\": [\n    { \"name\": }\n  ]\n}");

        Assert.That(result.Setting, Is.Null);
        var problem = result.Problems.Single();
        Assert.That(problem.Line, Is.EqualTo(4));
        Assert.That(problem.Message, Does.StartWith("malformed JSON: "));
        Assert.That(problem.Message, Does.Not.Contain("LineNumber"));
        Assert.That(problem.ToString(), Does.StartWith("error at line 4: malformed JSON"));
    }

    [TestCase("[]", "an array")]
    [TestCase("42", "the number 42")]
    public void Read_RootNotAnObject_ErrorAndNoSetting(string json, string found)
    {
        var result = AutoscaleSettingJson.Read(json);

        Assert.That(result.Setting, Is.Null);
        Assert.That(result.Problems.Single().Message, Does.EndWith("found " + found));
    }

    [Test]
    public void Read_WrongValueKinds_ReportEachWithPath()
    {
        var result = AutoscaleSettingJson.Read("""
            { "enabled": "maybe", "profiles": [ { "name": 5, "capacity": { "minimum": 1.5, "maximum": "ten" }, "rules": {} } ] }
            """);

        Assert.That(result.Problems.Select(p => p.Path), Is.EqualTo(new[]
        {
            "$.enabled",
            "$.profiles[0].name",
            "$.profiles[0].capacity.minimum",
            "$.profiles[0].capacity.maximum",
            "$.profiles[0].rules",
        }));
        Assert.That(result.Problems.All(p => p.Severity == SettingProblemSeverity.Error), Is.True);
        Assert.That(result.Problems[2].Message, Is.EqualTo("expected a whole number, found the number 1.5"));
        Assert.That(result.Setting, Is.Not.Null, "the rest of the document is still read");
    }

    [TestCase("PT2M", 2 * 60)]
    [TestCase("PT1H30M", 90 * 60)]
    [TestCase("P1D", 24 * 3600)]
    [TestCase("P7D", 7 * 24 * 3600)]
    [TestCase("PT0.5S", 0.5)]
    [TestCase("01:02:03", 3723)]
    [TestCase("1.00:00:00", 24 * 3600)]
    public void Read_Durations_AcceptIsoAndClockForms(string text, double seconds)
    {
        var result = ReadRules("{ \"metricTrigger\": { \"metricName\": \"m\", \"timeWindow\": \"" + text + "\" }, \"scaleAction\": {} }");

        Assert.That(result.Problems, Is.Empty);
        Assert.That(result.Setting!.Profiles[0].Rules[0].MetricTrigger.TimeWindow, Is.EqualTo(TimeSpan.FromSeconds(seconds)));
    }

    [TestCase("5 minutes")]
    [TestCase("P1M")]
    [TestCase("P1Y")]
    [TestCase("PTXM")]
    [TestCase("300")]
    public void Read_InvalidDuration_ErrorAtPath(string text)
    {
        var result = ReadRules("{ \"metricTrigger\": { \"metricName\": \"m\", \"timeWindow\": \"" + text + "\" }, \"scaleAction\": {} }");

        var problem = result.Problems.Single();
        Assert.That(problem.Path, Is.EqualTo("$.profiles[0].rules[0].metricTrigger.timeWindow"));
        Assert.That(problem.Message, Does.StartWith($"'{text}' is not a duration"));
    }

    [Test]
    public void Read_TemplateExpression_ErrorSaysResolveFirst()
    {
        var result = AutoscaleSettingJson.Read("""
            { "profiles": [ { "name": "p", "capacity": { "minimum": "[parameters('min')]", "maximum": 3, "default": 1 } } ] }
            """);

        var problem = result.Problems.Single();
        Assert.That(problem.Path, Is.EqualTo("$.profiles[0].capacity.minimum"));
        Assert.That(problem.Message, Does.Contain("template expression '[parameters('min')]' must be resolved first"));
    }

    [Test]
    public void Read_EscapedBracketString_IsNotAnExpression()
    {
        var result = AutoscaleSettingJson.Read("""{ "name": "[[literal]", "profiles": [] }""");

        Assert.That(result.Problems, Is.Empty);
        Assert.That(result.Setting!.Name, Is.EqualTo("[[literal]"));
    }

    [Test]
    public void Read_OddPropertyName_PathUsesBracketNotation()
    {
        var result = AutoscaleSettingJson.Read("""{ "my key": 1, "profiles": [] }""");

        Assert.That(result.Problems.Single().Path, Is.EqualTo("$['my key']"));
    }

    [Test]
    public void Read_FixedDateWithOffset_WarnsThatOffsetIsIgnored()
    {
        var result = AutoscaleSettingJson.Read("""
            { "profiles": [ { "name": "p", "fixedDate": { "timeZone": "UTC", "start": "2026-12-24T08:00:00+02:00", "end": "2026-12-25" } } ] }
            """);

        var window = result.Setting!.Profiles[0].FixedDate!;
        Assert.That(window.Start, Is.EqualTo(new DateTime(2026, 12, 24, 8, 0, 0)));
        Assert.That(window.End, Is.EqualTo(new DateTime(2026, 12, 25)));
        var problem = result.Problems.Single();
        Assert.That(problem.Severity, Is.EqualTo(SettingProblemSeverity.Warning));
        Assert.That(problem.Path, Is.EqualTo("$.profiles[0].fixedDate.start"));
    }

    [Test]
    public void Read_NaNThresholdString_IsReadForValidationToReject()
    {
        var result = ReadRules("""{ "metricTrigger": { "metricName": "m", "threshold": "NaN" }, "scaleAction": {} }""");

        Assert.That(result.Problems, Is.Empty);
        var validation = AutoscaleSettingValidator.Validate(result.Setting!);
        Assert.That(validation.Errors.Select(p => p.Path), Does.Contain("$.profiles[0].rules[0].metricTrigger.threshold"));
    }

    [Test]
    public void Write_Setting_IsIndentedCamelCaseWithIsoDurations()
    {
        var json = AutoscaleSettingJson.Write(TestSettings.Valid());

        Assert.That(json, Does.Contain("\n  \"profiles\": ["));
        Assert.That(json, Does.Contain("\"metricTrigger\": {"));
        Assert.That(json, Does.Contain("\"timeWindow\": \"PT5M\""));
        Assert.That(json, Does.Contain("\"operator\": \"GreaterThan\""));
    }

    [Test]
    public void Write_ThenRead_ExampleFile_RoundTrips()
    {
        var original = AutoscaleSettingJson.Read(File.ReadAllText(TestData.PathOf("azure-template-cpu-weekend-holiday.json"))).Setting!;

        var copy = AutoscaleSettingJson.Read(AutoscaleSettingJson.Write(original));

        Assert.That(copy.Problems, Is.Empty);
        Assert.That(copy.Format, Is.EqualTo(SettingFormat.Native));
        ModelAssert.AreEqual(original, copy.Setting);
    }
}
