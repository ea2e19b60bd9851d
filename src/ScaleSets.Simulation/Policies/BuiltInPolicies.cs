using ScaleSets.Metrics;
using ScaleSets.Model;
using ScaleSets.Simulation.Service;

namespace ScaleSets.Simulation.Policies;

/// <summary>
/// The policies a simulation compares by default: the project's recommended <c>default</c>, faithful re-implementations
/// of what users would otherwise pick (each documented with its source and parameters), and <c>static-peak</c>. Every
/// one is an ordinary <see cref="AutoscaleSetting"/> run by the real engine.
/// </summary>
public static class BuiltInPolicies
{
    /// <summary>The policy this project recommends.</summary>
    public const string Default = "default";

    /// <summary>Kubernetes HPA v2 with its default behavior.</summary>
    public const string Hpa = "hpa";

    /// <summary>Azure portal-style CPU threshold rules.</summary>
    public const string Azure = "azure";

    /// <summary>AWS EC2 Auto Scaling target tracking.</summary>
    public const string AwsTargetTracking = "aws-target-tracking";

    /// <summary>The React policy of Chieu et al. (2009).</summary>
    public const string React = "react";

    /// <summary>Capacity fixed at the peak demand.</summary>
    public const string StaticPeak = "static-peak";

    /// <summary>Azure's rules with a predictive floor.</summary>
    public const string Predictive = "predictive";

    /// <summary>
    /// AWS's instance warm-up for a target-tracking policy: 300 s, the console's default for the policy's "Instance
    /// warmup" (docs.aws.amazon.com, "Create a target tracking scaling policy"; without it the group's default instance
    /// warm-up, or its default cooldown of 300 s, applies: "Set the default instance warmup for an Auto Scaling group").
    /// </summary>
    private static readonly TimeSpan AwsInstanceWarmup = TimeSpan.FromSeconds(300);

    // The highest attainment target an SLO objective takes (it must stay below 1).
    private const double HighestAttainment = 0.99999;

    /// <summary>Gets the built-in names, in the order they are listed by default.</summary>
    public static IReadOnlyList<string> Names { get; } = [Default, Hpa, Azure, AwsTargetTracking, React, StaticPeak, Predictive];

    /// <summary>Returns whether <paramref name="name"/> names a built-in policy (case-insensitive).</summary>
    /// <param name="name">The name.</param>
    /// <returns>Whether it is built in.</returns>
    public static bool IsBuiltIn(string name) => Names.Contains(name, StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates a built-in policy.</summary>
    /// <param name="name">One of <see cref="Names"/> (case-insensitive).</param>
    /// <param name="context">The service and provisioning facts the policy is parameterized with.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="ArgumentException">The name is unknown; the message lists the known ones.</exception>
    public static SimulationPolicy Create(string name, PolicyContext context)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(context);
        return name.Trim().ToUpperInvariant() switch
        {
            "DEFAULT" => new SimulationPolicy(Default, DefaultSetting(context)),
            "HPA" => new SimulationPolicy(Hpa, HpaSetting(context)) { InstanceWarmup = TimeSpan.Zero },
            "AZURE" => new SimulationPolicy(Azure, AzureSetting(context, Azure)) { InstanceWarmup = TimeSpan.Zero },
            "AWS-TARGET-TRACKING" => new SimulationPolicy(AwsTargetTracking, AwsSetting(context)) { InstanceWarmup = AwsInstanceWarmup },
            "REACT" => new SimulationPolicy(React, ReactSetting(context)) { InstanceWarmup = TimeSpan.Zero },
            "STATIC-PEAK" => new SimulationPolicy(StaticPeak, StaticPeakSetting(context), context.PeakDemand) { InstanceWarmup = TimeSpan.Zero },
            "PREDICTIVE" => new SimulationPolicy(Predictive, PredictiveSetting(context)) { InstanceWarmup = TimeSpan.Zero },
            _ => throw new ArgumentException($"'{name}' is not a built-in policy; use one of {string.Join(", ", Names)} or the path of a setting file", nameof(name)),
        };
    }

    /// <summary>
    /// The recommended policy: the user's SLO as its input, not a utilization to aim at. Target tracking on the set's
    /// request rate per instance with an <see cref="SloObjective"/> (an engine policy any setting can use): the target
    /// value is what one instance carries at 100% utilization (R, the SLO's own limit), the attainment target is
    /// <c>--slo</c> and the provisioning time is the simulator's create latency plus the longest boot. The engine
    /// learns the headroom online from the load it sees (the quantile of the load's rise within one provisioning time,
    /// at a level its own attainment so far moves up when it misses more than the target allows and down when it
    /// misses less), and scale-in goes only as low as that rise allows (ScaleSets.Core README, "SLO-driven target
    /// tracking"). Nothing in it is fitted to a trace: its only inputs are the SLO, the provisioning time and R.
    /// Scale-out and scale-in are immediate and unlimited: the headroom is where the timing is.
    /// </summary>
    /// <remarks>
    /// The target is capped just under 100% (the objective needs a target below one; <c>--slo 100%</c> asks for as
    /// much as the engine allows, 99.999%).
    /// </remarks>
    private static AutoscaleSetting DefaultSetting(PolicyContext context) => Setting(context, Default, min: 1, new ScaleRule
    {
        Name = "requests-per-instance-slo",
        MetricTrigger = new MetricTrigger
        {
            MetricName = SimulationMetricNames.RequestsPerSecond,
            Source = MetricSourceKind.Application,
            Statistic = MetricStatistic.Average,
            TimeWindow = TimeSpan.FromMinutes(5),
            TimeAggregation = TimeAggregationType.Last,
            DividePerInstance = true,
        },
        TargetTracking = new TargetTrackingPolicy
        {
            TargetValue = context.Service.InstanceCapacity,
            Tolerance = 0.0,
            Slo = new SloObjective
            {
                Attainment = Math.Min(context.SloTarget, HighestAttainment),
                ProvisioningTime = context.ProvisioningTime > TimeSpan.Zero ? context.ProvisioningTime : TimeSpan.FromMinutes(1),
            },
            ScaleUp = new ScalingBehavior { StabilizationWindow = TimeSpan.Zero, Policies = [] },
            ScaleDown = new ScalingBehavior { StabilizationWindow = TimeSpan.Zero, Policies = [] },
        },
    });

    /// <summary>
    /// Kubernetes HorizontalPodAutoscaler autoscaling/v2 with every default (kubernetes.io, "Horizontal Pod
    /// Autoscaling", algorithm details and "Configurable scaling behavior"): <c>desired = ceil(current × utilization /
    /// target)</c> on average CPU utilization (target: the simulation's target utilization), tolerance 0.1, scale-up
    /// without stabilization at most +100% or +4 pods per 15 s (whichever is more), scale-down with a 300 s
    /// stabilization window at most −100% per 15 s. The CPU is the most recent one-minute average over the ready
    /// pods (metrics-server's resolution); pods that are not ready report nothing. Deviations: the engine evaluates
    /// every minute, not every 15 s.
    /// </summary>
    private static AutoscaleSetting HpaSetting(PolicyContext context) => Setting(context, Hpa, min: 1, new ScaleRule
    {
        Name = "cpu-target",
        MetricTrigger = CpuTrigger(TimeSpan.FromMinutes(5), TimeAggregationType.Last),
        TargetTracking = new TargetTrackingPolicy
        {
            TargetValue = CpuTarget(context),
            Tolerance = 0.1,
            ScaleUp = ScalingBehavior.DefaultScaleUp(),
            ScaleDown = ScalingBehavior.DefaultScaleDown(),
        },
    });

    /// <summary>
    /// The rules the Azure portal proposes for a scale set (learn.microsoft.com, "Get started with autoscale in
    /// Azure" and "Tutorial: Automatically scale a virtual machine scale set with the Azure portal"): scale out by one
    /// instance when the average Percentage CPU over 10 minutes is above the target (70% by default, the portal's
    /// default threshold), scale in by one when it is below 30%, each with a five-minute cooldown. Azure's own
    /// flapping guard (project the CPU to the smaller set before scaling in) is the engine's.
    /// </summary>
    private static AutoscaleSetting AzureSetting(PolicyContext context, string name) => Setting(
        context,
        name,
        min: 1,
        new ScaleRule
        {
            Name = "cpu-high",
            MetricTrigger = CpuTrigger(TimeSpan.FromMinutes(10), TimeAggregationType.Average, ComparisonOperator.GreaterThan, CpuTarget(context)),
            ScaleAction = new ScaleAction { Direction = ScaleDirection.Increase, Type = ScaleType.ChangeCount, Value = 1, Cooldown = TimeSpan.FromMinutes(5) },
        },
        new ScaleRule
        {
            Name = "cpu-low",
            MetricTrigger = CpuTrigger(TimeSpan.FromMinutes(10), TimeAggregationType.Average, ComparisonOperator.LessThan, 30),
            ScaleAction = new ScaleAction { Direction = ScaleDirection.Decrease, Type = ScaleType.ChangeCount, Value = 1, Cooldown = TimeSpan.FromMinutes(5) },
        });

    /// <summary>
    /// EC2 Auto Scaling target tracking on <c>ASGAverageCPUUtilization</c>, as documented:
    /// <list type="bullet">
    /// <item>The alarms (docs.aws.amazon.com/autoscaling/ec2/userguide/as-scaling-target-tracking.html, "Target tracking
    /// scaling policies for Amazon EC2 Auto Scaling", and the two CloudWatch alarms the policy creates,
    /// <c>TargetTracking-…-AlarmHigh</c> and <c>-AlarmLow</c>): the high alarm fires when the metric is above the target
    /// for 3 of 3 one-minute datapoints, the low alarm when it is below 90% of the target for 15 of 15. Here: the
    /// <c>high-alarm</c> rule observes the lowest one-minute value of the last 3 minutes (above the target exactly when
    /// all three are) with no tolerance, the <c>low-alarm</c> rule the highest one-minute value of the last 15 minutes
    /// (below 90% of the target exactly when all fifteen are: a 10% scale-in tolerance).</item>
    /// <item>The adjustment: in proportion to the metric, <c>ceil(capacity × metric / target)</c>, without a step or rate
    /// limit and without cooldown (target tracking uses the warm-up instead of a cooldown). The value the proportion is
    /// taken of is the alarm's statistic (the lowest of 3 on scale-out, the highest of 15 on scale-in): no more than
    /// AWS would add or remove.</item>
    /// <item>Instance warm-up (<see cref="AwsInstanceWarmup"/>, 300 s; docs.aws.amazon.com/autoscaling/ec2/userguide/
    /// ec2-auto-scaling-default-instance-warmup.html): a warming instance's metrics are not aggregated, and during a
    /// scale-out the warming instances count as part of the current capacity, so several breaches asking for the same
    /// capacity make one scale-out. The controller leaves a warming instance's samples out and the engine's replica
    /// formula multiplies the ratio by the instances that reported, with the warming ones counted at zero: a scale-out
    /// while capacity warms adds only what the reporting instances ask beyond the current capacity. Scale-in is blocked
    /// until the warm-up ends, which the low alarm implies here: a scale-out needs a datapoint above the target, and the
    /// low alarm needs 15 minutes of datapoints below 90% of it, longer than the warm-up.</item>
    /// <item>Scale-in (same page, "Multiple target tracking scaling policies" and <c>DisableScaleIn</c>): scale out when
    /// any alarm asks, scale in only when every part that may scale in agrees; the high alarm never scales in. That is
    /// the Azure combination of the engine (<see cref="RuleCombination.Azure"/>), set explicitly: with two
    /// target-tracking rules the default (<see cref="RuleCombination.Auto"/>) would combine them the HPA way, whose
    /// largest proposal always includes the high alarm's hold, and the set would barely ever scale in.</item>
    /// </list>
    /// Parameters: target = the simulation's target utilization; min 1; max the simulation's maximum. Deviation: Azure's
    /// flapping guard, which the Azure combination applies before every scale-in (AWS has none); with the scale-in sized
    /// by the highest value of 15 minutes it seldom binds.
    /// </summary>
    private static AutoscaleSetting AwsSetting(PolicyContext context)
    {
        var setting = Setting(
            context,
            AwsTargetTracking,
            min: 1,
            new ScaleRule
            {
                Name = "high-alarm",
                MetricTrigger = CpuTrigger(TimeSpan.FromMinutes(3), TimeAggregationType.Minimum),
                TargetTracking = new TargetTrackingPolicy
                {
                    TargetValue = CpuTarget(context),
                    Tolerance = 0,
                    DisableScaleIn = true,
                    ScaleUp = new ScalingBehavior { StabilizationWindow = TimeSpan.Zero, Policies = [] },
                    ScaleDown = new ScalingBehavior { StabilizationWindow = TimeSpan.Zero, Policies = [] },
                },
            },
            new ScaleRule
            {
                Name = "low-alarm",
                MetricTrigger = CpuTrigger(TimeSpan.FromMinutes(15), TimeAggregationType.Maximum),
                TargetTracking = new TargetTrackingPolicy
                {
                    TargetValue = CpuTarget(context),
                    Tolerance = 0.1,
                    ScaleUp = new ScalingBehavior { SelectPolicy = ScalingPolicySelect.Disabled },
                    ScaleDown = new ScalingBehavior { StabilizationWindow = TimeSpan.Zero, Policies = [] },
                },
            });
        setting.Profiles[0].Combination = RuleCombination.Azure;
        return setting;
    }

    /// <summary>
    /// React (T. C. Chieu, A. Mohindra, A. A. Karve, A. Segal, "Dynamic Scaling of Web Applications in a Virtualized
    /// Cloud Computing Environment", IEEE ICEBE 2009), as the autoscaling literature reimplements it (Ilyushkin et al.
    /// 2018, Papadopoulos et al. 2016): every interval, when the instances' load exceeds the threshold, add as many
    /// instances as needed to bring it under the threshold; when instances are idle beyond the need, remove them; no
    /// tolerance, no stabilization, no rate limit, no cooldown. The load is the most recent one-minute CPU average
    /// and the threshold the simulation's target utilization.
    /// </summary>
    private static AutoscaleSetting ReactSetting(PolicyContext context) => Setting(context, React, min: 1, new ScaleRule
    {
        Name = "react",
        MetricTrigger = CpuTrigger(TimeSpan.FromMinutes(5), TimeAggregationType.Last),
        TargetTracking = new TargetTrackingPolicy
        {
            TargetValue = CpuTarget(context),
            Tolerance = 0,
            ScaleUp = new ScalingBehavior { StabilizationWindow = TimeSpan.Zero, Policies = [] },
            ScaleDown = new ScalingBehavior { StabilizationWindow = TimeSpan.Zero, Policies = [] },
        },
    });

    /// <summary>Capacity fixed at the peak demand from the first step: the cost of never scaling, sized with hindsight.</summary>
    private static AutoscaleSetting StaticPeakSetting(PolicyContext context)
    {
        var setting = Setting(context, StaticPeak, min: context.PeakDemand);
        setting.Profiles[0].Capacity.Maximum = context.PeakDemand;
        return setting;
    }

    /// <summary>
    /// Azure predictive autoscale (learn.microsoft.com, "Use predictive autoscale to scale out before load demands in
    /// virtual machine scale sets"): the portal's CPU rules, plus a forecast that provisions ahead as a floor
    /// (mode Enabled, as Azure's "Forecast and scale"), here of the request rate, with a lead time of the
    /// provisioning time. Azure forecasts CPU; the request rate is forecast here because the CPU of a set depends on
    /// its own size.
    /// </summary>
    private static AutoscaleSetting PredictiveSetting(PolicyContext context)
    {
        var setting = AzureSetting(context, Predictive);
        setting.Predictive = RequestRateForecast(context);
        return setting;
    }

    private static PredictiveScalingPolicy RequestRateForecast(PolicyContext context) => new()
    {
        Mode = PredictiveScalingMode.Enabled,
        MetricName = SimulationMetricNames.RequestsPerSecond,
        Source = MetricSourceKind.Application,
        TargetPerInstance = context.Service.RequestsPerInstanceAtTarget,
        IsPerInstanceAverage = false,
        Quantile = 0.9,
        LeadTime = context.ProvisioningTime,

        // Refit (model selection and backtest) four times a day instead of hourly: the models are updated online at
        // every grain in between, and a daily or weekly season does not change within six hours. Hourly refits of
        // 28 days of history made a 62-day trace take minutes per policy.
        RefitInterval = TimeSpan.FromHours(6),
    };

    private static double CpuTarget(PolicyContext context) => Math.Round(context.Service.TargetUtilization * 100, 6);

    private static MetricTrigger CpuTrigger(TimeSpan window, TimeAggregationType aggregation, ComparisonOperator comparison = ComparisonOperator.GreaterThan, double threshold = 0) => new()
    {
        MetricName = SimulationMetricNames.Cpu,
        Source = MetricSourceKind.Host,
        Statistic = MetricStatistic.Average,
        TimeGrain = TimeSpan.FromMinutes(1),
        TimeWindow = window,
        TimeAggregation = aggregation,
        Operator = comparison,
        Threshold = threshold,
    };

    private static AutoscaleSetting Setting(PolicyContext context, string name, int min, params ScaleRule[] rules) => new()
    {
        Name = name,
        Profiles =
        [
            new AutoscaleProfile
            {
                Name = "default",
                Capacity = new ScaleCapacity { Minimum = min, Maximum = context.MaximumCapacity, Default = min },
                Rules = [.. rules],
            },
        ],
    };
}
