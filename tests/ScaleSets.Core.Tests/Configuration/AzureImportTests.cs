using ScaleSets.Configuration;
using ScaleSets.Metrics;
using ScaleSets.Model;

namespace ScaleSets.Tests.Configuration;

[TestFixture]
public sealed class AzureImportTests
{
    private static readonly string DefaultCpuProfile = Profile(
        "default",
        CpuRule("GreaterThan", 75, "Increase") + ", " + CpuRule("LessThan", 25, "Decrease"));

    private static SettingReadResult ReadFile(string name) => AutoscaleSettingJson.Read(File.ReadAllText(TestData.PathOf(name)));

    private static string CpuRule(string op, double threshold, string direction) =>
        "{ \"metricTrigger\": { \"metricName\": \"Percentage CPU\", \"metricNamespace\": \"microsoft.compute/virtualmachinescalesets\", "
        + "\"timeGrain\": \"PT1M\", \"statistic\": \"Average\", \"timeWindow\": \"PT5M\", \"timeAggregation\": \"Average\", "
        + "\"operator\": \"" + op + "\", \"threshold\": " + threshold.ToString(System.Globalization.CultureInfo.InvariantCulture) + " }, "
        + "\"scaleAction\": { \"direction\": \"" + direction + "\", \"type\": \"ChangeCount\", \"value\": \"1\", \"cooldown\": \"PT5M\" } }";

    private static string Profile(string name, string rules, bool recurrence = false) =>
        "{ \"name\": \"" + name + "\", \"capacity\": { \"minimum\": \"1\", \"maximum\": \"10\", \"default\": \"2\" }, \"rules\": [ " + rules + " ]"
        + (recurrence
            ? ", \"recurrence\": { \"frequency\": \"Week\", \"schedule\": { \"timeZone\": \"UTC\", \"days\": [ \"Saturday\" ], \"hours\": [ 0 ], \"minutes\": [ 0 ] } }"
            : "")
        + " }";

    private static string AzureResource(string profiles, string predictive) =>
        "{ \"type\": \"Microsoft.Insights/autoscalesettings\", \"name\": \"web\", \"location\": \"westeurope\", "
        + "\"properties\": { \"enabled\": true, \"profiles\": [ " + profiles + " ], \"predictiveAutoscalePolicy\": " + predictive + " } }";

    private static SettingReadResult ReadAzure(string profiles, string predictive) =>
        AutoscaleSettingJson.Read(AzureResource(profiles, predictive));

    private static TimeSpan DurationTextOf(string text) => System.Xml.XmlConvert.ToTimeSpan(text);

    // The template's targetResourceUri and metricResourceUri are resourceId(...): their subscription and resource group
    // are only known in Azure.
    private static void AssertOnlyResourceIdWarnings(IReadOnlyList<SettingProblem> problems)
    {
        Assert.That(problems, Is.Not.Empty);
        Assert.That(
            problems.All(p => p.Severity == SettingProblemSeverity.Warning
                && (p.Path.EndsWith(".metricResourceUri", StringComparison.Ordinal) || p.Path.EndsWith(".targetResourceUri", StringComparison.Ordinal))),
            Is.True,
            string.Join("\n", problems));
        Assert.That(problems[0].Message, Does.Contain("read as \"/subscriptions/{subscription().subscriptionId}/resourceGroups/{resourceGroup().name}/providers/Microsoft.Compute/virtualMachineScaleSets/web-vmss\""));
    }

    [Test]
    public void Read_ArmTemplate_TakesTheAutoscaleResource()
    {
        var result = ReadFile("azure-template-cpu-weekend-holiday.json");

        Assert.That(result.Format, Is.EqualTo(SettingFormat.AzureTemplate));
        AssertOnlyResourceIdWarnings(result.Problems);
        var setting = result.Setting!;
        Assert.That(setting.Name, Is.EqualTo("web-vmss-autoscale"));
        Assert.That(setting.Profiles.Select(p => p.Name), Is.EqualTo(new[]
        {
            "{\"name\":\"Auto created default scale condition\",\"for\":\"Weekends\"}",
            "Weekends",
            "Christmas",
        }));
    }

    [Test]
    public void Read_ArmTemplate_CpuRulesMapped()
    {
        var weekday = ReadFile("azure-template-cpu-weekend-holiday.json").Setting!.Profiles[0];

        Assert.That(weekday.Capacity.Minimum, Is.EqualTo(2));
        Assert.That(weekday.Capacity.Maximum, Is.EqualTo(10));
        var scaleOut = weekday.Rules[0];
        Assert.That(scaleOut.MetricTrigger.MetricName, Is.EqualTo("Percentage CPU"));
        Assert.That(scaleOut.MetricTrigger.Source, Is.EqualTo(MetricSourceKind.Host));
        Assert.That(scaleOut.MetricTrigger.Operator, Is.EqualTo(ComparisonOperator.GreaterThan));
        Assert.That(scaleOut.MetricTrigger.Threshold, Is.EqualTo(70));
        Assert.That(scaleOut.MetricTrigger.TimeWindow, Is.EqualTo(TimeSpan.FromMinutes(5)));
        Assert.That(scaleOut.ScaleAction!.Direction, Is.EqualTo(ScaleDirection.Increase));
        Assert.That(scaleOut.ScaleAction.Value, Is.EqualTo(1));
        var scaleIn = weekday.Rules[1];
        Assert.That(scaleIn.MetricTrigger.Operator, Is.EqualTo(ComparisonOperator.LessThan));
        Assert.That(scaleIn.MetricTrigger.Threshold, Is.EqualTo(30));
        Assert.That(scaleIn.ScaleAction!.Direction, Is.EqualTo(ScaleDirection.Decrease));
    }

    [Test]
    public void Read_ArmTemplate_RecurrenceAndFixedDateMapped()
    {
        var profiles = ReadFile("azure-template-cpu-weekend-holiday.json").Setting!.Profiles;

        var weekend = profiles[1].Recurrence!;
        Assert.That(weekend.Frequency, Is.EqualTo(RecurrenceFrequency.Week));
        Assert.That(weekend.Schedule.TimeZone, Is.EqualTo("W. Europe Standard Time"));
        Assert.That(weekend.Schedule.Days, Is.EqualTo(new[] { DayOfWeek.Saturday }));
        Assert.That(weekend.Schedule.Hours, Is.EqualTo(new[] { 0 }));
        Assert.That(profiles[1].Rules[0].ScaleAction!.Type, Is.EqualTo(ScaleType.PercentChangeCount));
        var christmas = profiles[2].FixedDate!;
        Assert.That(christmas.Start, Is.EqualTo(new DateTime(2026, 12, 24)), "the portal's Z is read as local time in timeZone");
        Assert.That(christmas.End, Is.EqualTo(new DateTime(2026, 12, 27)));
    }

    [Test]
    public void Load_ArmTemplate_IsValid()
    {
        var result = AutoscaleSettingLoader.Load(TestData.PathOf("azure-template-cpu-weekend-holiday.json"));

        Assert.That(result.IsValid, Is.True, string.Join("\n", result.Problems));
        AssertOnlyResourceIdWarnings(result.Problems);
    }

    [Test]
    public void Read_AzCliShape_MapsSourcesDimensionsAndEnums()
    {
        var result = ReadFile("azure-az-show-servicebus-appinsights.json");

        Assert.That(result.Format, Is.EqualTo(SettingFormat.AzureResource));
        var rules = result.Setting!.Profiles.Single().Rules;
        var queue = rules[0].MetricTrigger;
        Assert.That(queue.MetricName, Is.EqualTo("ActiveMessages"));
        Assert.That(queue.Source, Is.EqualTo(MetricSourceKind.Custom));
        Assert.That(queue.DividePerInstance, Is.True);
        var filter = queue.Dimensions.Single();
        Assert.That(filter.Name, Is.EqualTo("EntityName"));
        Assert.That(filter.Operator, Is.EqualTo(DimensionOperator.Equals));
        Assert.That(filter.Values, Is.EqualTo(new[] { "orders" }));
        var requests = rules[1];
        Assert.That(requests.MetricTrigger.Source, Is.EqualTo(MetricSourceKind.Application));
        Assert.That(requests.MetricTrigger.Statistic, Is.EqualTo(MetricStatistic.Max));
        Assert.That(requests.MetricTrigger.TimeAggregation, Is.EqualTo(TimeAggregationType.Maximum));
        Assert.That(requests.MetricTrigger.Operator, Is.EqualTo(ComparisonOperator.GreaterThanOrEqual));
        Assert.That(requests.ScaleAction!.Type, Is.EqualTo(ScaleType.ExactCount));
        Assert.That(requests.ScaleAction.Value, Is.EqualTo(10));
        Assert.That(rules[2].MetricTrigger.Source, Is.EqualTo(MetricSourceKind.Guest));
        Assert.That(rules[2].MetricTrigger.MetricName, Is.EqualTo("\\Memory\\% Committed Bytes In Use"));
    }

    [Test]
    public void Read_AzCliShape_PredictiveWithoutCpuRule_WarningAtPolicyOnly()
    {
        var result = ReadFile("azure-az-show-servicebus-appinsights.json");

        var problem = result.Problems.Single();
        Assert.That(problem.Severity, Is.EqualTo(SettingProblemSeverity.Warning), "Azure stores such a policy, so it is not refused");
        Assert.That(problem.Path, Is.EqualTo("$.predictiveAutoscalePolicy"));
        Assert.That(problem.Message, Is.EqualTo(
            "not honoured: predictive autoscale (scaleMode 'ForecastOnly') takes its target from a \"Percentage CPU\" scale-out rule (Increase, GreaterThan or GreaterThanOrEqual), and this setting has none, so nothing is forecast; add such a rule to forecast"));
        Assert.That(result.Setting!.Predictive, Is.Null);
        Assert.That(result.Setting.Profiles.Single().Rules, Has.Count.EqualTo(3), "the rest is still read");
    }

    [Test]
    public void Read_ArmTemplate_PredictiveDisabled_NoPolicyAndNoProblem()
    {
        var result = ReadFile("azure-template-cpu-weekend-holiday.json");

        AssertOnlyResourceIdWarnings(result.Problems);
        Assert.That(result.Setting!.Predictive, Is.Null);
    }

    [TestCase("ForecastOnly", PredictiveScalingMode.ForecastOnly)]
    [TestCase("Enabled", PredictiveScalingMode.Enabled)]
    [TestCase("enabled", PredictiveScalingMode.Enabled)]
    public void Read_AzurePredictive_MapsModeCpuTargetAndLookAhead(string scaleMode, PredictiveScalingMode expected)
    {
        var result = ReadAzure(DefaultCpuProfile, "{ \"scaleMode\": \"" + scaleMode + "\", \"scaleLookAheadTime\": \"PT14M\" }");

        Assert.That(result.Problems, Is.Empty, string.Join("\n", result.Problems));
        ModelAssert.AreEqual(
            new PredictiveScalingPolicy
            {
                Mode = expected,
                MetricName = "Percentage CPU",
                Source = MetricSourceKind.Host,
                TargetPerInstance = 75,
                IsPerInstanceAverage = true,
                LeadTime = TimeSpan.FromMinutes(14),
            },
            result.Setting!.Predictive);
    }

    [Test]
    public void Read_AzurePredictive_KeepsFiveMinuteGrainAndPolicyDefaults()
    {
        var policy = ReadAzure(DefaultCpuProfile, """{ "scaleMode": "Enabled", "scaleLookAheadTime": "PT30M" }""").Setting!.Predictive!;

        Assert.That(policy.TimeGrain, Is.EqualTo(TimeSpan.FromMinutes(5)));
        Assert.That(policy.Statistic, Is.EqualTo(MetricStatistic.Average));
        Assert.That(policy.Quantile, Is.EqualTo(0.9));
        Assert.That(policy.AllowScaleIn, Is.False);
    }

    [Test]
    public void Read_AzurePredictiveWithoutLookAhead_KeepsTenMinuteLeadTime()
    {
        var result = ReadAzure(DefaultCpuProfile, """{ "scaleMode": "ForecastOnly" }""");

        Assert.That(result.Problems, Is.Empty);
        Assert.That(result.Setting!.Predictive!.LeadTime, Is.EqualTo(TimeSpan.FromMinutes(10)));
    }

    [Test]
    public void Read_AzurePredictiveDisabledWithLookAhead_NoPolicyAndNoProblem()
    {
        var result = ReadAzure(DefaultCpuProfile, """{ "scaleMode": "Disabled", "scaleLookAheadTime": "PT5M" }""");

        Assert.That(result.Problems, Is.Empty);
        Assert.That(result.Setting!.Predictive, Is.Null);
    }

    [Test]
    public void Read_AzurePredictivePolicyNull_NoPolicyAndNoProblem()
    {
        var result = ReadAzure(DefaultCpuProfile, "null");

        Assert.That(result.Problems, Is.Empty);
        Assert.That(result.Setting!.Predictive, Is.Null);
    }

    [Test]
    public void Read_AzurePredictiveBeforeProfiles_StillTakesTheTarget()
    {
        var result = AutoscaleSettingJson.Read("""
            { "type": "Microsoft.Insights/autoscalesettings", "name": "x",
              "properties": { "predictiveAutoscalePolicy": { "scaleMode": "Enabled" }, "profiles": [ PROFILE ] } }
            """.Replace("PROFILE", DefaultCpuProfile, StringComparison.Ordinal));

        Assert.That(result.Problems, Is.Empty, string.Join("\n", result.Problems));
        Assert.That(result.Setting!.Predictive!.TargetPerInstance, Is.EqualTo(75));
    }

    [Test]
    public void Read_AzurePredictive_PrefersTheDefaultProfilesRule()
    {
        var weekend = Profile("Weekends", CpuRule("GreaterThan", 50, "Increase"), recurrence: true);
        var result = ReadAzure(weekend + ", " + Profile("default", CpuRule("GreaterThanOrEqual", 80, "Increase")), """{ "scaleMode": "Enabled" }""");

        Assert.That(result.Problems, Is.Empty, string.Join("\n", result.Problems));
        Assert.That(result.Setting!.Predictive!.TargetPerInstance, Is.EqualTo(80));
    }

    [Test]
    public void Read_AzurePredictive_FallsBackToTheFirstProfileWithACpuRule()
    {
        var profiles = Profile("default", CpuRule("LessThan", 25, "Decrease"))
            + ", " + Profile("Weekends", CpuRule("GreaterThan", 55, "Increase"), recurrence: true)
            + ", " + Profile("Evenings", CpuRule("GreaterThan", 65, "Increase"), recurrence: true);

        var result = ReadAzure(profiles, """{ "scaleMode": "ForecastOnly" }""");

        Assert.That(result.Setting!.Predictive!.TargetPerInstance, Is.EqualTo(55));
    }

    [TestCase("LessThan", 25, "Decrease")]
    [TestCase("GreaterThan", 70, "Decrease")]
    [TestCase("Equals", 70, "Increase")]
    public void Read_AzurePredictiveWithOnlyOtherCpuRules_WarnsNotHonoured(string op, double threshold, string direction)
    {
        var result = ReadAzure(Profile("default", CpuRule(op, threshold, direction)), """{ "scaleMode": "Enabled" }""");

        var problem = result.Problems.Single();
        Assert.That(problem.Path, Is.EqualTo("$.properties.predictiveAutoscalePolicy"));
        Assert.That(problem.Severity, Is.EqualTo(SettingProblemSeverity.Warning));
        Assert.That(problem.Message, Does.Contain("takes its target from a \"Percentage CPU\" scale-out rule"));
        Assert.That(result.Setting!.Predictive, Is.Null);
    }

    [Test]
    public void Read_AzurePredictiveWithCpuRuleOfAnotherResource_Error()
    {
        var rule = """
            { "metricTrigger": { "metricName": "Percentage CPU", "metricNamespace": "microsoft.compute/virtualmachines",
                "metricResourceUri": "/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/virtualMachines/db",
                "operator": "GreaterThan", "threshold": 70 },
              "scaleAction": { "direction": "Increase", "type": "ChangeCount", "value": "1", "cooldown": "PT5M" } }
            """;

        var result = ReadAzure(Profile("default", rule), """{ "scaleMode": "Enabled" }""");

        Assert.That(result.Problems.Single().Path, Is.EqualTo("$.properties.predictiveAutoscalePolicy"));
    }

    [Test]
    public void Read_AzurePredictiveUnknownScaleMode_ErrorListsAllowedValues()
    {
        var result = ReadAzure(DefaultCpuProfile, """{ "scaleMode": "Predictive" }""");

        var problem = result.Problems.Single();
        Assert.That(problem.Path, Is.EqualTo("$.properties.predictiveAutoscalePolicy.scaleMode"));
        Assert.That(problem.Message, Is.EqualTo("unknown predictive scale mode 'Predictive'; allowed values: Disabled, ForecastOnly, Enabled"));
        Assert.That(result.Setting!.Predictive, Is.Null);
    }

    [Test]
    public void Read_AzurePredictiveWithoutScaleMode_Error()
    {
        var result = ReadAzure(DefaultCpuProfile, """{ "scaleLookAheadTime": "PT5M" }""");

        var problem = result.Problems.Single();
        Assert.That(problem.Path, Is.EqualTo("$.properties.predictiveAutoscalePolicy"));
        Assert.That(problem.Message, Is.EqualTo("the predictive autoscale policy has no scaleMode; allowed values: Disabled, ForecastOnly, Enabled"));
    }

    [TestCase("PT30S", "PT30S")]
    [TestCase("PT61M", "PT1H1M")]
    public void Read_AzureLookAheadOutsideAzureRange_WarnsAndKeepsIt(string text, string formatted)
    {
        var result = ReadAzure(DefaultCpuProfile, "{ \"scaleMode\": \"Enabled\", \"scaleLookAheadTime\": \"" + text + "\" }");

        var problem = result.Problems.Single();
        Assert.That(problem.Severity, Is.EqualTo(SettingProblemSeverity.Warning));
        Assert.That(problem.Path, Is.EqualTo("$.properties.predictiveAutoscalePolicy.scaleLookAheadTime"));
        Assert.That(problem.Message, Is.EqualTo($"scaleLookAheadTime {formatted} is outside Azure's range of PT1M to PT1H; imported as given"));
        Assert.That(result.Setting!.Predictive!.LeadTime, Is.EqualTo(DurationTextOf(text)));
    }

    [TestCase("PT1M")]
    [TestCase("PT60M")]
    public void Read_AzureLookAheadAtAzureBound_NoWarning(string text)
    {
        var result = ReadAzure(DefaultCpuProfile, "{ \"scaleMode\": \"Enabled\", \"scaleLookAheadTime\": \"" + text + "\" }");

        Assert.That(result.Problems, Is.Empty);
    }

    [Test]
    public void Read_AzureLookAheadNotADuration_ErrorAndDefaultLeadTime()
    {
        var result = ReadAzure(DefaultCpuProfile, """{ "scaleMode": "Enabled", "scaleLookAheadTime": "14 minutes" }""");

        var problem = result.Problems.Single();
        Assert.That(problem.Severity, Is.EqualTo(SettingProblemSeverity.Error));
        Assert.That(problem.Path, Is.EqualTo("$.properties.predictiveAutoscalePolicy.scaleLookAheadTime"));
        Assert.That(result.Setting!.Predictive!.LeadTime, Is.EqualTo(TimeSpan.FromMinutes(10)));
    }

    [Test]
    public void Read_AzurePredictiveUnknownProperty_Warns()
    {
        var result = ReadAzure(DefaultCpuProfile, """{ "scaleMode": "Enabled", "scaleAheadTime": "PT5M" }""");

        var problem = result.Problems.Single();
        Assert.That(problem.Severity, Is.EqualTo(SettingProblemSeverity.Warning));
        Assert.That(problem.Path, Is.EqualTo("$.properties.predictiveAutoscalePolicy.scaleAheadTime"));
    }

    [Test]
    public void Read_AzurePredictiveNotAnObject_Error()
    {
        var result = ReadAzure(DefaultCpuProfile, "\"Enabled\"");

        Assert.That(result.Problems.Single().Message, Is.EqualTo("expected an object, found the string \"Enabled\""));
        Assert.That(result.Setting!.Predictive, Is.Null);
    }

    [Test]
    public void Read_AzureWithNativePredictiveToo_NativeWinsAndAzureIsWarnedAbout()
    {
        var result = AutoscaleSettingJson.Read("""
            { "type": "Microsoft.Insights/autoscalesettings", "name": "x",
              "properties": { "predictiveAutoscalePolicy": { "scaleMode": "Enabled" },
                              "predictive": { "metricName": "rps", "targetPerInstance": 40 }, "profiles": [] } }
            """);

        var problem = result.Problems.Single();
        Assert.That(problem.Severity, Is.EqualTo(SettingProblemSeverity.Warning));
        Assert.That(problem.Path, Is.EqualTo("$.properties.predictiveAutoscalePolicy"));
        Assert.That(result.Setting!.Predictive!.MetricName, Is.EqualTo("rps"));
    }

    [Test]
    public void Load_AzureWithPredictive_IsValidAndWritesBackAsNative()
    {
        var json = AzureResource(DefaultCpuProfile, """{ "scaleMode": "Enabled", "scaleLookAheadTime": "PT14M" }""");
        var directory = Path.Combine(Path.GetTempPath(), "scalesets-predictive-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var path = Path.Combine(directory, "azure.json");
            File.WriteAllText(path, json);

            var loaded = AutoscaleSettingLoader.Load(path);

            Assert.That(loaded.Problems, Is.Empty, string.Join("\n", loaded.Problems));
            Assert.That(loaded.IsValid, Is.True);
            var copy = AutoscaleSettingJson.Read(AutoscaleSettingJson.Write(loaded.Setting!));
            Assert.That(copy.Format, Is.EqualTo(SettingFormat.Native));
            ModelAssert.AreEqual(loaded.Setting, copy.Setting);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void Read_ArmResourceWithPascalCaseDimensions_MapsThem()
    {
        var result = ReadFile("azure-resource-portal.json");

        Assert.That(result.Format, Is.EqualTo(SettingFormat.AzureResource));
        Assert.That(result.Problems, Is.Empty, string.Join("\n", result.Problems));
        var setting = result.Setting!;
        Assert.That(setting.Enabled, Is.False);
        Assert.That(setting.Name, Is.EqualTo("orders-autoscale"));
        var filter = setting.Profiles[0].Rules[0].MetricTrigger.Dimensions.Single();
        Assert.That(filter.Name, Is.EqualTo("EntityName"));
        Assert.That(filter.Values, Is.EqualTo(new[] { "orders", "returns" }));
        Assert.That(setting.Profiles[0].Rules[0].MetricTrigger.Source, Is.EqualTo(MetricSourceKind.Custom));
    }

    [Test]
    public void Read_ArmResourceProblem_PathIsInTheOriginalDocument()
    {
        var result = AutoscaleSettingJson.Read("""
            { "type": "Microsoft.Insights/autoscalesettings", "name": "x",
              "properties": { "profiles": [ { "name": "p", "rules": [ { "metricTrigger": { "metricName": "m", "statistic": "Median" } } ] } ] } }
            """);

        var problem = result.Problems.Single();
        Assert.That(problem.Path, Is.EqualTo("$.properties.profiles[0].rules[0].metricTrigger.statistic"));
        Assert.That(problem.Message, Is.EqualTo("unknown statistic 'Median'; allowed values: Average, Min, Max, Sum, Count"));
    }

    [Test]
    public void Read_TemplateWithUndefinedParameters_ErrorsAtEachExpression()
    {
        var result = AutoscaleSettingJson.Read("""
            { "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
              "resources": [ { "type": "Microsoft.Insights/autoscalesettings", "name": "[parameters('name')]",
                "properties": { "profiles": [ { "name": "p", "capacity": { "minimum": "[parameters('min')]", "maximum": "3", "default": "1" } } ] } } ] }
            """);

        Assert.That(result.Problems.Select(p => (p.Path, p.Severity)), Is.EqualTo(new[]
        {
            ("$.resources[0].name", SettingProblemSeverity.Error),
            ("$.resources[0].properties.profiles[0].capacity.minimum", SettingProblemSeverity.Error),
        }));
        Assert.That(result.Problems[0].Message, Does.Contain("the template defines no parameter 'name'"));
        Assert.That(result.Problems[1].Message, Does.Contain("the template defines no parameter 'min'"));
    }

    [Test]
    public void Read_TemplateWithoutAutoscaleResource_ErrorAndNoSetting()
    {
        var result = AutoscaleSettingJson.Read("""{ "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": [] }""");

        Assert.That(result.Setting, Is.Null);
        Assert.That(result.Format, Is.EqualTo(SettingFormat.AzureTemplate));
        Assert.That(result.Problems.Single().Message, Is.EqualTo("the ARM template has no Microsoft.Insights/autoscalesettings resource (nested Microsoft.Resources/deployments templates included)"));
    }

    [Test]
    public void Read_TemplateWithTwoAutoscaleResources_ErrorNamesBoth()
    {
        var result = AutoscaleSettingJson.Read("""
            { "resources": [ { "type": "Microsoft.Insights/autoscalesettings", "properties": {} },
                             { "type": "Microsoft.Web/serverfarms" },
                             { "type": "microsoft.insights/autoscaleSettings", "properties": {} } ] }
            """);

        Assert.That(result.Setting, Is.Null);
        Assert.That(result.Problems.Single().Message, Does.Contain("2 Microsoft.Insights/autoscalesettings resources (at $.resources[0], $.resources[2])"));
    }

    [Test]
    public void Read_AzureUnknownProperty_StillWarns()
    {
        var result = AutoscaleSettingJson.Read("""
            { "id": "/subscriptions/x", "profiles": [], "colour": "blue" }
            """);

        Assert.That(result.Format, Is.EqualTo(SettingFormat.AzureResource));
        Assert.That(result.Problems.Single().Message, Is.EqualTo("unknown property 'colour' ignored"));
    }

    [Test]
    public void Read_AzureScaleDirectionNone_IsRead()
    {
        var result = AutoscaleSettingJson.Read("""
            { "id": "x", "profiles": [ { "name": "p", "rules": [ { "metricTrigger": { "metricName": "m" }, "scaleAction": { "direction": "None", "type": "ExactCount", "value": "5" } } ] } ] }
            """);

        Assert.That(result.Problems, Is.Empty, string.Join("\n", result.Problems));
        var action = result.Setting!.Profiles[0].Rules[0].ScaleAction!;
        Assert.That((action.Direction, action.Type, action.Value), Is.EqualTo((ScaleDirection.None, ScaleType.ExactCount, 5)));
    }

    [TestCase("azure.vm.linux.guestmetrics", null, MetricSourceKind.Guest)]
    [TestCase("azure.vm.windows.guestmetrics", null, MetricSourceKind.Guest)]
    [TestCase("microsoft.insights/components", "/subscriptions/s/resourceGroups/g/providers/microsoft.insights/components/ai", MetricSourceKind.Application)]
    [TestCase(null, "/subscriptions/s/resourceGroups/g/providers/Microsoft.Insights/components/ai", MetricSourceKind.Application)]
    [TestCase("microsoft.compute/virtualmachinescalesets", null, MetricSourceKind.Host)]
    [TestCase("", "/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/virtualMachineScaleSets/vmss", MetricSourceKind.Host)]
    [TestCase(null, null, MetricSourceKind.Host)]
    [TestCase("microsoft.servicebus/namespaces", "/subscriptions/s/resourceGroups/g/providers/Microsoft.ServiceBus/namespaces/bus", MetricSourceKind.Custom)]
    [TestCase(null, "/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/st", MetricSourceKind.Custom)]
    public void Map_AzureNamespaceAndResource_GivesSourceKind(string? ns, string? uri, MetricSourceKind expected) =>
        Assert.That(AzureMetricSource.Map(ns, uri), Is.EqualTo(expected));
}
