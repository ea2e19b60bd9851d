using System.Globalization;
using System.Text;
using ScaleSets.Engine;
using static ScaleSets.AspNetCore.Dashboard.Html;

namespace ScaleSets.AspNetCore.Dashboard;

/// <summary>
/// What blocks the next action, as an operator reads it: each blocker on its own line with the time it ends ("until 08:33:00Z,
/// in 2m 40s") where there is one, in amber when it is the autoscaler working as set up (a cooldown, a stabilization window,
/// a profile limit) and in red when something is wrong (no data, the setting disabled). The conditions take the same colours.
/// </summary>
internal static class Blockers
{
    /// <summary>The CSS class of a condition: <c>ok</c>, <c>wait</c> (working as set up, for now) or <c>problem</c>.</summary>
    public static string Severity(ScaleSetCondition condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return condition.Type switch
        {
            ScaleSetConditionType.ScalingLimited => condition.Status ? "wait" : "ok",
            ScaleSetConditionType.AbleToScale when condition.Status => condition.Reason == "ReadyForNewScale" ? "ok" : "wait",
            ScaleSetConditionType.AbleToScale => condition.Reason is "Cooldown" or "PausedAtZero" ? "wait" : "problem",
            _ => condition.Status ? "ok" : condition.Reason == "NotEvaluated" ? "wait" : "problem",
        };
    }

    public static void Render(StringBuilder html, AutoscalerStatus status)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(status);
        var items = new List<(string Text, bool Problem)>();
        if (!status.Enabled)
        {
            items.Add(("the setting is disabled: it evaluates and explains but never acts", true));
        }

        if (status.CooldownUntil is { } cooldown && cooldown > status.Time)
        {
            items.Add(($"cooldown of the last action until {Until(cooldown, status.Time)}", false));
        }

        foreach (var rule in status.Rules.Where(r => r.Stabilized))
        {
            var until = status.LastEvaluation is { } last && rule.ScaleDownWindow is { } window
                ? $" until {Until(last + window, status.Time)} at the latest"
                : "";
            items.Add(($"rule '{rule.Name}' holds {rule.ProposedCapacity} (raw {rule.RawProposal}) over its stabilization window{until}", false));
        }

        // The rest of the engine's sentence: limits, flapping, unanimity, predictive floor, missing data.
        foreach (var part in status.NextActionBlockedBy.Split("; ", StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.StartsWith("cooldown until ", StringComparison.Ordinal) || part.StartsWith("the setting is disabled", StringComparison.Ordinal)
                || (part.StartsWith("rule '", StringComparison.Ordinal) && part.Contains("' stabilized at ", StringComparison.Ordinal)))
            {
                continue;
            }

            items.Add((part, part.StartsWith("no data for ", StringComparison.Ordinal)));
        }

        if (items.Count == 0)
        {
            html.Append("<div class=\"blocked none\" data-blocked=\"\">Nothing blocks the next action.</div>");
            return;
        }

        html.Append(CultureInfo.InvariantCulture, $"<div class=\"blocked\" data-blocked=\"{E(status.NextActionBlockedBy)}\"><b>Next action waits for:</b><ul>");
        foreach (var (text, problem) in items)
        {
            html.Append(CultureInfo.InvariantCulture, $"<li class=\"{(problem ? "problem" : "wait")}\">{E(text)}</li>");
        }

        html.Append("</ul></div>");
    }

    /// <summary><c>08:33:00Z (in 2m 40s)</c>: the time and how far off it is.</summary>
    internal static string Until(DateTimeOffset until, DateTimeOffset now)
    {
        var left = until - now;
        var rest = left <= TimeSpan.Zero ? "now"
            : left.TotalHours >= 1 ? string.Create(CultureInfo.InvariantCulture, $"in {(int)left.TotalHours}h {left.Minutes}m")
            : left.TotalMinutes >= 1 ? string.Create(CultureInfo.InvariantCulture, $"in {(int)left.TotalMinutes}m {left.Seconds}s")
            : string.Create(CultureInfo.InvariantCulture, $"in {(int)Math.Ceiling(left.TotalSeconds)}s");
        var day = until.UtcDateTime.Date == now.UtcDateTime.Date ? "" : until.UtcDateTime.ToString("yyyy-MM-dd ", CultureInfo.InvariantCulture);
        return $"{day}{Clock(until)}Z ({rest})";
    }
}
