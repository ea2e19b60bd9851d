using ScaleSets.Model;
using static System.FormattableString;

namespace ScaleSets.Configuration;

/// <summary>
/// Bounds every name of a setting (the setting's, its profiles', rules', metrics' and dimension filters'): a name is
/// copied into every decision, event, log line and metric tag, so a million-character name is refused rather than
/// carried. Azure's own limit on a resource name is 260 characters; the same bound serves for all of them.
/// </summary>
internal static class SettingNameLimits
{
    public const int MaxLength = 260;

    public static void Check(AutoscaleSetting setting, List<SettingProblem> problems)
    {
        CheckOne(setting.Name, "$.name", "setting name", problems);
        if (setting.Predictive is { } predictive)
        {
            CheckOne(predictive.MetricName, "$.predictive.metricName", "metric name", problems);
        }

        for (var p = 0; p < (setting.Profiles?.Count ?? 0); p++)
        {
            var profile = setting.Profiles![p];
            var at = Invariant($"$.profiles[{p}]");
            CheckOne(profile?.Name, at + ".name", "profile name", problems);
            for (var r = 0; r < (profile?.Rules?.Count ?? 0); r++)
            {
                var rule = profile!.Rules[r];
                var ruleAt = Invariant($"{at}.rules[{r}]");
                CheckOne(rule?.Name, ruleAt + ".name", "rule name", problems);
                CheckOne(rule?.MetricTrigger?.MetricName, ruleAt + ".metricTrigger.metricName", "metric name", problems);
                for (var d = 0; d < (rule?.MetricTrigger?.Dimensions?.Count ?? 0); d++)
                {
                    var filter = rule!.MetricTrigger.Dimensions[d];
                    var filterAt = Invariant($"{ruleAt}.metricTrigger.dimensions[{d}]");
                    CheckOne(filter?.Name, filterAt + ".name", "dimension name", problems);
                    for (var v = 0; v < (filter?.Values?.Count ?? 0); v++)
                    {
                        CheckOne(filter!.Values[v], Invariant($"{filterAt}.values[{v}]"), "dimension value", problems);
                    }
                }
            }
        }
    }

    private static void CheckOne(string? name, string path, string what, List<SettingProblem> problems)
    {
        if (name is { Length: > MaxLength })
        {
            problems.Add(new SettingProblem(path, Invariant($"the {what} has {name.Length} characters; at most {MaxLength} are allowed (\"{name[..40]}...\")"), SettingProblemSeverity.Error));
        }
    }
}
