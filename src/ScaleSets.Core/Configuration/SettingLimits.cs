namespace ScaleSets.Configuration;

/// <summary>The limits <see cref="AutoscaleSettingValidator"/> enforces; Azure autoscale's where it has them, Kubernetes HPA's for target tracking.</summary>
internal static class SettingLimits
{
    public const int MaxProfiles = 20;
    public const int MaxRulesPerProfile = 10;
    public const int DefaultInstanceLimit = 1000;

    // A scale-out by more than ten times the current capacity in one step is a typo rather than a plan.
    public const int MaxPercentChange = 1000;

    public static readonly TimeSpan MinTimeGrain = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxTimeGrain = TimeSpan.FromHours(12);
    public static readonly TimeSpan MinTimeWindow = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan MaxTimeWindow = TimeSpan.FromHours(12);
    public static readonly TimeSpan MinCooldown = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxCooldown = TimeSpan.FromDays(7);
    public static readonly TimeSpan MaxStabilizationWindow = TimeSpan.FromHours(1);
    public static readonly TimeSpan MinPolicyPeriod = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxPolicyPeriod = TimeSpan.FromMinutes(30);
}
