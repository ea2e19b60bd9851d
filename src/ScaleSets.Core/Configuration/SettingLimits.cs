namespace ScaleSets.Configuration;

/// <summary>
/// The limits <see cref="AutoscaleSettingValidator"/> enforces; Azure autoscale's where it has them, Kubernetes HPA's for
/// target tracking, and the predictive policy's documented ranges.
/// </summary>
internal static class SettingLimits
{
    public const int MaxProfiles = 20;
    public const int MaxRulesPerProfile = 10;

    // A scale-out by more than ten times the current capacity in one step is a typo rather than a plan.
    public const int MaxPercentChange = 1000;

    public static readonly TimeSpan MinTimeGrain = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxTimeGrain = TimeSpan.FromHours(12);
    public static readonly TimeSpan MinTimeWindow = TimeSpan.FromMinutes(5);

    // Target tracking and step scaling run at their own schools' cadence: HPA reads the latest sample every 15 s, AWS
    // reads 10-second high-resolution metrics. Threshold rules keep Azure's limits above.
    public static readonly TimeSpan MinTrackingTimeGrain = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan MinEvaluationInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxEvaluationInterval = TimeSpan.FromHours(1);
    public static readonly TimeSpan MaxTimeWindow = TimeSpan.FromHours(12);
    public static readonly TimeSpan MinCooldown = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxCooldown = TimeSpan.FromDays(7);
    public static readonly TimeSpan MaxStabilizationWindow = TimeSpan.FromHours(1);
    public static readonly TimeSpan MaxProvisioningTime = TimeSpan.FromDays(1);
    public static readonly TimeSpan MinPolicyPeriod = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxPolicyPeriod = TimeSpan.FromMinutes(30);

    // The predictive policy's ranges, as documented on PredictiveScalingPolicy.
    public const double MinQuantile = 0.5;
    public const double MaxQuantile = 0.999;
    public const double MaxScaleInMargin = 10;

    // Fewer than two grains of history leave nothing to fit a model to.
    public const int MinHistoryGrains = 2;

    public static readonly TimeSpan MinPredictiveTimeGrain = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxPredictiveTimeGrain = TimeSpan.FromHours(1);
    public static readonly TimeSpan MaxLeadTime = TimeSpan.FromDays(1);
    public static readonly TimeSpan MinMaximumHistory = TimeSpan.FromDays(1);
    public static readonly TimeSpan MaxMaximumHistory = TimeSpan.FromDays(90);
    public static readonly TimeSpan MinRefitInterval = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxRefitInterval = TimeSpan.FromDays(7);

    // Azure's own range for predictiveAutoscalePolicy.scaleLookAheadTime.
    public static readonly TimeSpan MinAzureLookAhead = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxAzureLookAhead = TimeSpan.FromMinutes(60);
}
