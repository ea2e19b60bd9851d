using ScaleSets.Configuration;
using ScaleSets.Metrics;
using ScaleSets.Model;

namespace ScaleSets.Tests.Configuration;

[TestFixture]
public sealed class AzureImportTests
{
    private static SettingReadResult ReadFile(string name) => AutoscaleSettingJson.Read(File.ReadAllText(TestData.PathOf(name)));

    [Test]
    public void Read_ArmTemplate_TakesTheAutoscaleResource()
    {
        var result = ReadFile("azure-template-cpu-weekend-holiday.json");

        Assert.That(result.Format, Is.EqualTo(SettingFormat.AzureTemplate));
        Assert.That(result.Problems, Is.Empty, string.Join("\n", result.Problems));
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
        Assert.That(result.Problems, Is.Empty);
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
    public void Read_AzCliShape_PredictiveModeOtherThanDisabled_WarnsOnlyAboutThat()
    {
        var result = ReadFile("azure-az-show-servicebus-appinsights.json");

        var problem = result.Problems.Single();
        Assert.That(problem.Severity, Is.EqualTo(SettingProblemSeverity.Warning));
        Assert.That(problem.Path, Is.EqualTo("$.predictiveAutoscalePolicy.scaleMode"));
        Assert.That(problem.Message, Does.Contain("ForecastOnly"));
        Assert.That(problem.Message, Does.Contain("not imported"));
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
        Assert.That(problem.Message, Is.EqualTo("unknown statistic 'Median'; allowed values: Average, Min, Max, Sum"));
    }

    [Test]
    public void Read_TemplateWithParameterExpressions_ErrorsAtEachExpression()
    {
        var result = AutoscaleSettingJson.Read("""
            { "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
              "resources": [ { "type": "Microsoft.Insights/autoscalesettings", "name": "[parameters('name')]",
                "properties": { "profiles": [ { "name": "p", "capacity": { "minimum": "[parameters('min')]", "maximum": "3", "default": "1" } } ] } } ] }
            """);

        Assert.That(result.Problems.Select(p => p.Path), Is.EqualTo(new[]
        {
            "$.resources[0].name",
            "$.resources[0].properties.profiles[0].capacity.minimum",
        }));
        Assert.That(result.Problems.All(p => p.Message.Contains("must be resolved first", StringComparison.Ordinal)), Is.True);
    }

    [Test]
    public void Read_TemplateWithoutAutoscaleResource_ErrorAndNoSetting()
    {
        var result = AutoscaleSettingJson.Read("""{ "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": [] }""");

        Assert.That(result.Setting, Is.Null);
        Assert.That(result.Format, Is.EqualTo(SettingFormat.AzureTemplate));
        Assert.That(result.Problems.Single().Message, Is.EqualTo("the ARM template has no Microsoft.Insights/autoscalesettings resource"));
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
    public void Read_AzureScaleDirectionNone_IsAnError()
    {
        var result = AutoscaleSettingJson.Read("""
            { "id": "x", "profiles": [ { "name": "p", "rules": [ { "metricTrigger": { "metricName": "m" }, "scaleAction": { "direction": "None" } } ] } ] }
            """);

        Assert.That(result.Problems.Single().Message, Is.EqualTo("unknown scale direction 'None'; allowed values: Increase, Decrease"));
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
