using System.Text.Json;
using ScaleSets.Metrics;
using ScaleSets.Model;
using static ScaleSets.Configuration.SettingValues;

namespace ScaleSets.Configuration;

/// <summary>
/// How a scale rule's objects are read (the rule, its metric trigger and dimensions, its scale action, target tracking
/// with its behaviours and objective, step scaling with its steps): one <see cref="SettingObjectShape{T}"/> each.
/// </summary>
internal static class ScaleRuleShapes
{
    /// <summary>Azure's names of the statistics ScaleSets names otherwise.</summary>
    public static readonly Dictionary<string, MetricStatistic> StatisticAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Minimum"] = MetricStatistic.Min,
        ["Maximum"] = MetricStatistic.Max,
    };

    private static readonly Dictionary<string, TimeAggregationType> AggregationAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Min"] = TimeAggregationType.Minimum,
        ["Max"] = TimeAggregationType.Maximum,
        ["Sum"] = TimeAggregationType.Total,
    };

    // The region Azure queries a rule's metric in: metadata like a resource's location (the series is told apart by
    // metricResourceUri and metricNamespace), so Azure input is not evaluated there: "[resourceGroup().location]" never
    // refuses a template. A native setting has no such property (an unknown property there).
    private static readonly string[] AzureTriggerIgnored = ["metricResourceLocation"];

    // Each shape is declared after the shapes it reads its parts with: a static field is set in the order written.
    public static readonly SettingObjectShape<MetricDimensionFilter> Dimension = new SettingObjectShape<MetricDimensionFilter>()
        .Keep("name", Text, (f, v) => f.Name = v)
        .Keep("dimensionName", Text, (f, v) => f.Name = v)
        .Keep("operator", Enum<DimensionOperator>("dimension operator"), (f, v) => f.Operator = v)
        .Set("values", ListOf(Text), (f, v) => f.Values = v);

    public static readonly SettingObjectShape<MetricTriggerRead> Trigger = new SettingObjectShape<MetricTriggerRead>()
        .Keep("metricName", Text, (t, v) => t.Trigger.MetricName = v)
        .Add("source", (r, t, value, at) =>
        {
            t.SourceGiven = true;
            t.Trigger.Source = value.ValueKind == JsonValueKind.Null ? null : r.ReadEnum<MetricSourceKind>(value, at, "metric source");
        })
        .List("dimensions", ListOf(Dimension.Read), (t, v) => t.Trigger.Dimensions = v)
        .Keep("timeGrain", Duration, (t, v) => t.Trigger.TimeGrain = v)
        .Keep("statistic", Enum("statistic", StatisticAliases), (t, v) => t.Trigger.Statistic = v)
        .Keep("timeWindow", Duration, (t, v) => t.Trigger.TimeWindow = v)
        .Keep("timeAggregation", Enum("time aggregation", AggregationAliases), (t, v) => t.Trigger.TimeAggregation = v)
        .Keep("operator", Enum<ComparisonOperator>("operator"), (t, v) => t.Trigger.Operator = v)
        .Keep("threshold", Number, (t, v) => t.Trigger.Threshold = v)
        .Keep("dividePerInstance", Bool, (t, v) => t.Trigger.DividePerInstance = v)
        .Keep("valueKind", Enum<MetricValueKind>("value kind"), (t, v) => t.Trigger.ValueKind = v)
        .Add("metricResourceUri", (r, t, value, at) =>
        {
            // Part of the series' identity, and it tells the source kind, which a template's resourceId('Type', …)
            // expression names as well as a resolved id does; so an expression is kept as written.
            t.MetricResourceUri = r.ReadResourceId(value, at);
            t.Trigger.MetricResourceUri = string.IsNullOrWhiteSpace(t.MetricResourceUri) ? null : t.MetricResourceUri;
        })
        .Add("metricNamespace", (r, t, value, at) =>
        {
            t.MetricNamespace = r.ReadResourceId(value, at);
            t.Trigger.MetricNamespace = string.IsNullOrWhiteSpace(t.MetricNamespace) ? null : t.MetricNamespace;
        })
        .TolerateUnknown("metricResourceUri");

    public static readonly SettingObjectShape<ScaleAction> ScaleAction = new SettingObjectShape<ScaleAction>()
        .Keep("direction", Enum<ScaleDirection>("scale direction"), (a, v) => a.Direction = v)
        .Keep("type", Enum<ScaleType>("scale type"), (a, v) => a.Type = v)
        .Keep("value", Int, (a, v) => a.Value = v)
        .Keep("cooldown", Duration, (a, v) => a.Cooldown = v);

    public static readonly SettingObjectShape<ScalingRatePolicy> RatePolicy = new SettingObjectShape<ScalingRatePolicy>()
        .Keep("type", Enum<ScalingRatePolicyType>("rate policy type"), (p, v) => p.Type = v)
        .Keep("value", Int, (p, v) => p.Value = v)
        .Keep("period", Duration, (p, v) => p.Period = v)
        .Keep("periodSeconds", Seconds, (p, v) => p.Period = v);

    // Kubernetes writes whole seconds (stabilizationWindowSeconds, periodSeconds); both spellings are read.
    public static readonly SettingObjectShape<ScalingBehavior> Behavior = new SettingObjectShape<ScalingBehavior>()
        .Keep("stabilizationWindow", Duration, (b, v) => b.StabilizationWindow = v)
        .Keep("stabilizationWindowSeconds", Seconds, (b, v) => b.StabilizationWindow = v)
        .Optional("tolerance", Number, (b, v) => b.Tolerance = v)
        .Optional("provisioningTime", Duration, (b, v) => b.ProvisioningTime = v)
        .Keep("selectPolicy", Enum<ScalingPolicySelect>("select policy"), (b, v) => b.SelectPolicy = v)
        .Set("policies", ListOf(RatePolicy.Read), (b, v) => b.Policies = v);

    public static readonly SettingObjectShape<SloObjective> Slo = new SettingObjectShape<SloObjective>()
        .Keep("attainment", Number, (s, v) => s.Attainment = v)
        .Keep("provisioningTime", Duration, (s, v) => s.ProvisioningTime = v);

    public static readonly SettingObjectShape<TargetTrackingPolicy> TargetTracking = new SettingObjectShape<TargetTrackingPolicy>()
        .Keep("targetValue", Number, (p, v) => p.TargetValue = v)
        .Keep("tolerance", Number, (p, v) => p.Tolerance = v)
        .Keep("disableScaleIn", Bool, (p, v) => p.DisableScaleIn = v)
        .Into("scaleUp", Behavior, p => p.ScaleUp)
        .Into("scaleDown", Behavior, p => p.ScaleDown)
        .Optional("scaleDownMissingValue", Number, (p, v) => p.ScaleDownMissingValue = v)
        .Keep("legacyLimits", Bool, (p, v) => p.LegacyLimits = v)
        .Optional("slo", Slo.Read, (p, v) => p.Slo = v);

    public static readonly SettingObjectShape<StepAdjustment> Step = new SettingObjectShape<StepAdjustment>()
        .Optional("lowerBound", Number, (s, v) => s.LowerBound = v)
        .Optional("upperBound", Number, (s, v) => s.UpperBound = v)
        .Keep("adjustment", Int, (s, v) => s.Adjustment = v);

    public static readonly SettingObjectShape<StepScalingPolicy> StepScaling = new SettingObjectShape<StepScalingPolicy>()
        .Keep("adjustmentType", Enum<ScaleType>("adjustment type"), (p, v) => p.AdjustmentType = v)
        .Keep("cooldown", Duration, (p, v) => p.Cooldown = v)
        .Set("steps", ListOf(Step.Read), (p, v) => p.Steps = v);

    public static readonly SettingObjectShape<ScaleRule> Rule = new SettingObjectShape<ScaleRule>()
        .Optional("name", Text, (r, v) => r.Name = v)
        .Set("metricTrigger", ReadTrigger, (r, v) => r.MetricTrigger = v)
        .Optional("scaleAction", ScaleAction.Read, (r, v) => r.ScaleAction = v)
        .Optional("targetTracking", TargetTracking.Read, (r, v) => r.TargetTracking = v)
        .Optional("stepScaling", StepScaling.Read, (r, v) => r.StepScaling = v);

    // A rule always has a trigger: one that is no object is reported and read as a default trigger.
    private static MetricTrigger ReadTrigger(SettingValueReader reader, JsonElement element, string path)
    {
        var read = new MetricTriggerRead();
        if (!reader.Expect(element, path, JsonValueKind.Object))
        {
            return read.Trigger;
        }

        Trigger.ReadProperties(reader, element, path, read, reader.Azure ? AzureTriggerIgnored : []);
        if (reader.Azure && !read.SourceGiven)
        {
            read.Trigger.Source = AzureMetricSource.Map(read.MetricNamespace, read.MetricResourceUri);
        }

        return read.Trigger;
    }
}
