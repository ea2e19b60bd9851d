using ScaleSets.Model;
using static System.FormattableString;
using static ScaleSets.Configuration.SettingChecks;

namespace ScaleSets.Configuration;

/// <summary>
/// Checks an autoscale setting against every limit (Azure autoscale's, and Kubernetes HPA's for target tracking) and
/// reports all violations at once, each with its path in the native format (<c>$.profiles[0].rules[1]…</c>).
/// </summary>
public static class AutoscaleSettingValidator
{
    /// <summary>
    /// Validates <paramref name="setting"/>. Errors: 1 to 20 profiles, at most 10 rules each, non-empty profile names;
    /// <c>0 ≤ minimum ≤ default ≤ maximum ≤ instanceLimit</c>; metric name set, time grain 1 minute to 12 hours, time
    /// window 5 minutes to 12 hours and at least the grain (target-tracking and step rules: grain 10 seconds to 12 hours,
    /// window one grain to 12 hours), finite threshold, dimension filters with a name and values;
    /// exactly one of scale action, target tracking or step scaling per rule; scale action values (change count ≥ 1,
    /// percent change 1 to 1000, exact count 0 to the instance limit) and cooldowns of 1 minute to 7 days; target
    /// tracking with a positive target, tolerance in [0, 1), stabilization windows of 0 to 1 hour, rate policies with a
    /// positive value and a period of 1 second to 30 minutes; step scaling with non-overlapping, non-empty steps on the
    /// side of zero its operator can breach; weekly recurrences with days, hours 0–23 and minutes 0–59 in a known time
    /// zone; fixed dates in a known time zone with start before end; at most one default profile, and a default or a
    /// recurrence profile; a predictive policy (whatever its mode) with a metric name, a finite positive target per
    /// instance, a quantile of 0.5 to 0.999, a lead time of 0 to 1 day, a time grain of 1 minute to 1 hour, a minimum
    /// history (when set) of at least two grains and at most the maximum history, a maximum history of 1 to 90 days, a
    /// scale-in margin of 0 to 10 and a refit interval of 1 minute to 7 days. Warnings: duplicate profile names, steps
    /// reaching across zero, a default profile next to recurrence profiles (never used), and scale-out/scale-in
    /// threshold rules on the same metric that can both be met. Undefined enum values are errors, and so is a name (of the
    /// setting, a profile, a rule, a metric, a dimension or its value) longer than 260 characters.
    /// </summary>
    /// <param name="setting">The setting.</param>
    /// <param name="instanceLimit">The largest capacity a profile may allow.</param>
    /// <returns>Every problem found.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="setting"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="instanceLimit"/> is negative.</exception>
    public static SettingValidationResult Validate(AutoscaleSetting setting, int instanceLimit = ScaleCapacity.InstanceLimit)
    {
        ArgumentNullException.ThrowIfNull(setting);
        ArgumentOutOfRangeException.ThrowIfNegative(instanceLimit);
        var problems = new List<SettingProblem>();
        if (setting.Predictive is { } predictive)
        {
            PredictivePolicyValidator.ValidatePredictive(predictive, "$.predictive", problems);
        }

        ValidateProfiles(setting.Profiles, instanceLimit, problems);
        if (setting.EvaluationInterval is { } interval)
        {
            CheckRange(interval, SettingLimits.MinEvaluationInterval, SettingLimits.MaxEvaluationInterval, "$.evaluationInterval", "evaluation interval", problems);
        }

        NotificationValidator.Validate(setting.Notifications, "$.notifications", problems);
        SettingNameLimits.Check(setting, problems);
        return new SettingValidationResult(problems);
    }

    private static void ValidateProfiles(List<AutoscaleProfile>? profiles, int instanceLimit, List<SettingProblem> problems)
    {
        const string path = "$.profiles";
        if (profiles is null || profiles.Count == 0)
        {
            Error(problems, path, "the setting has no profiles; at least 1 is required");
            return;
        }

        if (profiles.Count > SettingLimits.MaxProfiles)
        {
            Error(problems, path, Invariant($"the setting has {profiles.Count} profiles; at most {SettingLimits.MaxProfiles} are allowed"));
        }

        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < profiles.Count; i++)
        {
            var at = Invariant($"{path}[{i}]");
            var profile = profiles[i];
            if (profile is null)
            {
                Error(problems, at, "the profile is null");
                continue;
            }

            if (string.IsNullOrWhiteSpace(profile.Name))
            {
                Error(problems, at + ".name", "the profile name is empty");
            }
            else if (names.TryGetValue(profile.Name, out var first))
            {
                Warning(problems, at + ".name", Invariant($"the profile name '{profile.Name}' is also used by {path}[{first}]; decisions would not tell them apart"));
            }
            else
            {
                names.Add(profile.Name, i);
            }

            ValidateProfile(profile, at, instanceLimit, problems);
        }

        ValidateProfileKinds(profiles, path, problems);
    }

    private static void ValidateProfileKinds(List<AutoscaleProfile> profiles, string path, List<SettingProblem> problems)
    {
        var defaults = new List<int>();
        var hasRecurrence = false;
        for (var i = 0; i < profiles.Count; i++)
        {
            if (profiles[i] is { } profile)
            {
                hasRecurrence |= profile.Recurrence is not null;
                if (profile.IsDefault)
                {
                    defaults.Add(i);
                }
            }
        }

        for (var k = 1; k < defaults.Count; k++)
        {
            Error(problems, Invariant($"{path}[{defaults[k]}]"), Invariant($"a second default profile (neither recurrence nor fixedDate); {path}[{defaults[0]}] is one already and at most one is allowed"));
        }

        if (defaults.Count > 0 && hasRecurrence)
        {
            Warning(problems, Invariant($"{path}[{defaults[0]}]"), "the default profile is never used: as in Azure, the most recent recurrence profile stays active until the next one starts, so some recurrence profile always applies");
        }

        if (defaults.Count == 0 && !hasRecurrence && profiles.Any(p => p is not null))
        {
            Error(problems, path, "there is neither a default profile nor a recurrence profile, so outside the fixed dates no profile would apply; add a profile without recurrence and fixedDate");
        }
    }

    private static void ValidateProfile(AutoscaleProfile profile, string path, int instanceLimit, List<SettingProblem> problems)
    {
        ValidateCapacity(profile.Capacity, path + ".capacity", instanceLimit, problems);
        CheckEnum(profile.Combination, path + ".combination", "rule combination", problems);
        if (profile.Recurrence is not null && profile.FixedDate is not null)
        {
            Error(problems, path, "a profile cannot have both recurrence and fixedDate; split it into two profiles");
        }

        if (profile.Rules is null)
        {
            Error(problems, path + ".rules", "the rule list is null");
        }
        else
        {
            if (profile.Rules.Count > SettingLimits.MaxRulesPerProfile)
            {
                Error(problems, path + ".rules", Invariant($"the profile has {profile.Rules.Count} rules; at most {SettingLimits.MaxRulesPerProfile} are allowed"));
            }

            for (var j = 0; j < profile.Rules.Count; j++)
            {
                ScaleRuleValidator.ValidateRule(profile.Rules[j], Invariant($"{path}.rules[{j}]"), instanceLimit, problems);
            }

            ThresholdOverlapCheck.ValidateThresholdOverlaps(profile.Rules, path + ".rules", problems);
            TargetTrackingValidator.ValidateHpaBehaviors(profile, path + ".rules", problems);
        }

        if (profile.Recurrence is { } recurrence)
        {
            ScheduleValidator.ValidateRecurrence(recurrence, path + ".recurrence", problems);
        }

        if (profile.FixedDate is { } window)
        {
            ScheduleValidator.ValidateFixedDate(window, path + ".fixedDate", problems);
        }
    }

    private static void ValidateCapacity(ScaleCapacity? capacity, string path, int instanceLimit, List<SettingProblem> problems)
    {
        if (capacity is null)
        {
            Error(problems, path, "the capacity is missing");
            return;
        }

        if (capacity.Minimum < 0)
        {
            Error(problems, path + ".minimum", Invariant($"minimum capacity {capacity.Minimum} is negative"));
        }

        if (capacity.Default < capacity.Minimum)
        {
            Error(problems, path + ".default", Invariant($"default capacity {capacity.Default} is less than the minimum of {capacity.Minimum}"));
        }

        if (capacity.Default > capacity.Maximum)
        {
            Error(problems, path + ".default", Invariant($"default capacity {capacity.Default} is more than the maximum of {capacity.Maximum}"));
        }

        if (capacity.Maximum < capacity.Minimum)
        {
            Error(problems, path + ".maximum", Invariant($"maximum capacity {capacity.Maximum} is less than the minimum of {capacity.Minimum}"));
        }

        if (capacity.Maximum > instanceLimit)
        {
            Error(problems, path + ".maximum", Invariant($"maximum capacity {capacity.Maximum} exceeds the instance limit of {instanceLimit}"));
        }
    }
}
