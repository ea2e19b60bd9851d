using ScaleSets.Configuration;
using ScaleSets.Model;

namespace ScaleSets.Tests.Configuration;

/// <summary>
/// Every enum value of the autoscale API 2022-10-01, each in an Azure resource as Azure stores it: read without an error
/// into the model value it stands for (the fifteen real documents use only some of them).
/// </summary>
[TestFixture]
public sealed class AzureEnumValuesTests
{
    private static string Resource(
        string statistic = "Average",
        string aggregation = "Average",
        string op = "GreaterThan",
        string direction = "Increase",
        string type = "ChangeCount",
        string dimensionOperator = "Equals",
        string scaleMode = "Enabled") => """
        { "id": "/subscriptions/s/resourceGroups/rg/providers/microsoft.insights/autoscalesettings/web", "name": "web",
          "type": "Microsoft.Insights/autoscaleSettings", "location": "westeurope", "tags": {},
          "properties": { "enabled": true, "name": "web",
            "targetResourceUri": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/vmss",
            "predictiveAutoscalePolicy": { "scaleMode": "SCALEMODE", "scaleLookAheadTime": "PT10M" },
            "profiles": [ { "name": "default", "capacity": { "minimum": "1", "maximum": "10", "default": "2" },
              "rules": [ { "metricTrigger": { "metricName": "Percentage CPU", "metricNamespace": "microsoft.compute/virtualmachinescalesets",
                  "metricResourceUri": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/vmss",
                  "timeGrain": "PT1M", "statistic": "STATISTIC", "timeWindow": "PT5M", "timeAggregation": "AGGREGATION",
                  "operator": "OPERATOR", "threshold": 70,
                  "dimensions": [ { "DimensionName": "VMName", "Operator": "DIMENSIONOPERATOR", "Values": [ "vm1" ] } ] },
                "scaleAction": { "direction": "DIRECTION", "type": "TYPE", "value": "1", "cooldown": "PT5M" } } ] } ],
            "notifications": [ { "operation": "Scale", "email": { "sendToSubscriptionAdministrator": false, "sendToSubscriptionCoAdministrators": false, "customEmails": [] }, "webhooks": [] } ] } }
        """
        .Replace("STATISTIC", statistic, StringComparison.Ordinal)
        .Replace("AGGREGATION", aggregation, StringComparison.Ordinal)
        .Replace("DIMENSIONOPERATOR", dimensionOperator, StringComparison.Ordinal)
        .Replace("OPERATOR", op, StringComparison.Ordinal)
        .Replace("DIRECTION", direction, StringComparison.Ordinal)
        .Replace("TYPE", type, StringComparison.Ordinal)
        .Replace("SCALEMODE", scaleMode, StringComparison.Ordinal);

    private static ScaleRule ReadRule(string json, out AutoscaleSetting setting)
    {
        var directory = Directory.CreateTempSubdirectory("scalesets-enums-");
        try
        {
            var path = Path.Combine(directory.FullName, "setting.json");
            File.WriteAllText(path, json);
            var result = AutoscaleSettingLoader.Load(path);
            Assert.That(result.Format, Is.EqualTo(SettingFormat.AzureResource));
            Assert.That(result.Problems.Where(p => p.Severity == SettingProblemSeverity.Error), Is.Empty, string.Join("\n", result.Problems));
            setting = result.Setting!;
            return setting.Profiles[0].Rules[0];
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [TestCase("Average", MetricStatistic.Average)]
    [TestCase("Min", MetricStatistic.Min)]
    [TestCase("Max", MetricStatistic.Max)]
    [TestCase("Sum", MetricStatistic.Sum)]
    [TestCase("Count", MetricStatistic.Count)]
    public void Load_MetricStatisticType_EveryValue(string value, MetricStatistic expected) =>
        Assert.That(ReadRule(Resource(statistic: value), out _).MetricTrigger.Statistic, Is.EqualTo(expected));

    [TestCase("Average", TimeAggregationType.Average)]
    [TestCase("Minimum", TimeAggregationType.Minimum)]
    [TestCase("Maximum", TimeAggregationType.Maximum)]
    [TestCase("Total", TimeAggregationType.Total)]
    [TestCase("Count", TimeAggregationType.Count)]
    [TestCase("Last", TimeAggregationType.Last)]
    public void Load_TimeAggregationType_EveryValue(string value, TimeAggregationType expected) =>
        Assert.That(ReadRule(Resource(aggregation: value), out _).MetricTrigger.TimeAggregation, Is.EqualTo(expected));

    [TestCase("Equals", ComparisonOperator.Equals)]
    [TestCase("NotEquals", ComparisonOperator.NotEquals)]
    [TestCase("GreaterThan", ComparisonOperator.GreaterThan)]
    [TestCase("GreaterThanOrEqual", ComparisonOperator.GreaterThanOrEqual)]
    [TestCase("LessThan", ComparisonOperator.LessThan)]
    [TestCase("LessThanOrEqual", ComparisonOperator.LessThanOrEqual)]
    public void Load_ComparisonOperationType_EveryValue(string value, ComparisonOperator expected) =>
        Assert.That(ReadRule(Resource(op: value), out _).MetricTrigger.Operator, Is.EqualTo(expected));

    [TestCase("Increase", "ChangeCount", ScaleDirection.Increase, ScaleType.ChangeCount)]
    [TestCase("Decrease", "PercentChangeCount", ScaleDirection.Decrease, ScaleType.PercentChangeCount)]
    [TestCase("None", "ExactCount", ScaleDirection.None, ScaleType.ExactCount)]
    [TestCase("Increase", "ServiceAllowedNextValue", ScaleDirection.Increase, ScaleType.ServiceAllowedNextValue)]
    public void Load_ScaleDirectionAndScaleType_EveryValue(string direction, string type, ScaleDirection expectedDirection, ScaleType expectedType)
    {
        var action = ReadRule(Resource(direction: direction, type: type), out _).ScaleAction!;

        Assert.That((action.Direction, action.Type), Is.EqualTo((expectedDirection, expectedType)));
    }

    [TestCase("Equals", DimensionOperator.Equals)]
    [TestCase("NotEquals", DimensionOperator.NotEquals)]
    public void Load_ScaleRuleMetricDimensionOperationType_EveryValue(string value, DimensionOperator expected) =>
        Assert.That(ReadRule(Resource(dimensionOperator: value), out _).MetricTrigger.Dimensions.Single().Operator, Is.EqualTo(expected));

    [TestCase("Disabled", null)]
    [TestCase("ForecastOnly", PredictiveScalingMode.ForecastOnly)]
    [TestCase("Enabled", PredictiveScalingMode.Enabled)]
    public void Load_PredictiveAutoscalePolicyScaleMode_EveryValue(string value, PredictiveScalingMode? expected)
    {
        ReadRule(Resource(scaleMode: value), out var setting);

        Assert.That(setting.Predictive?.Mode, Is.EqualTo(expected), "Disabled is no predictive policy");
    }
}
