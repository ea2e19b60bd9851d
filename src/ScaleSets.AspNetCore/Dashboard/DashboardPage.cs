using System.Globalization;
using System.Text;
using ScaleSets.Hosting;
using static ScaleSets.AspNetCore.Dashboard.Html;

namespace ScaleSets.AspNetCore.Dashboard;

/// <summary>Renders the dashboard: per scale set its capacity, conditions, what blocks it, the chart, the rules, the instances, the decisions and the events.</summary>
internal static class DashboardPage
{
    public static string Render(IReadOnlyList<(ScaleSetStatus Status, ChartData Chart)> sets, string css, string self)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append("<title>Scale sets</title><style>").Append(css).Append("</style></head><body>");
        html.Append(CultureInfo.InvariantCulture, $"<header><h1>Scale sets</h1><span>{sets.Count} running · {E(sets.Count > 0 ? Time(sets[0].Status.Time) : "")} · <a style=\"color:#bcccdc\" href=\"{E(self.TrimEnd('/'))}/api/sets\">JSON</a> · <a style=\"color:#bcccdc\" href=\"{E(self.TrimEnd('/'))}/api/history?since=PT6H\">history</a></span></header><main>");
        if (sets.Count == 0)
        {
            html.Append("<section class=\"set\"><p class=\"muted\">No scale set is running.</p></section>");
        }

        foreach (var (status, chart) in sets)
        {
            Set(html, status, chart);
        }

        html.Append("</main></body></html>");
        return html.ToString();
    }

    private static void Set(StringBuilder html, ScaleSetStatus set, ChartData chart)
    {
        var a = set.Autoscaler;
        var c = set.Controller;
        html.Append(CultureInfo.InvariantCulture, $"<section class=\"set\" id=\"set-{E(set.Name)}\" data-scale-set=\"{E(set.Name)}\"><h2>{E(set.Name)}</h2>");
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"muted\">setting {E(a.Setting)} · profile <b>{E(a.Profile)}</b> ({a.Minimum}–{a.Maximum}, default {a.Default})");
        html.Append(a.NextProfile is null ? "" : $" · next profile {E(a.NextProfile)} at {Time(a.NextProfileStart)}");
        html.Append(CultureInfo.InvariantCulture, $" · last evaluation {Time(a.LastEvaluation)}</div>");
        html.Append("<div class=\"summary\">");
        Stat(html, "current", set.CurrentCapacity.ToString(CultureInfo.InvariantCulture), "current");
        Stat(html, "desired", set.DesiredCapacity.ToString(CultureInfo.InvariantCulture), "desired");
        if (c is not null)
        {
            Stat(html, "in service", c.Counts.InService.ToString(CultureInfo.InvariantCulture), "in-service");
            Stat(html, "warming up", c.Counts.WarmingUp.ToString(CultureInfo.InvariantCulture), "warming-up");
            Stat(html, "creating", c.Counts.Creating.ToString(CultureInfo.InvariantCulture), "creating");
            Stat(html, "draining", c.Counts.Draining.ToString(CultureInfo.InvariantCulture), "draining");
            Stat(html, "unhealthy", c.Counts.Unhealthy.ToString(CultureInfo.InvariantCulture), "unhealthy");
        }

        html.Append("</div><div class=\"conditions\">");
        foreach (var cond in a.Conditions)
        {
            html.Append(CultureInfo.InvariantCulture, $"<span class=\"cond {Blockers.Severity(cond)}\" title=\"{E(cond.Message)}\" data-condition=\"{cond.Type}\"><b>{cond.Type}</b> {(cond.Status ? "True" : "False")} · {E(cond.Reason)}</span>");
        }

        html.Append("</div>");
        Blockers.Render(html, a);
        html.Append(StatusChart.Render(chart, a));
        html.Append("<div class=\"legend\"><span><i style=\"background:#2f6fdf\"></i>capacity</span><span><i style=\"background:#1f9d55\"></i>instances taking traffic</span>");
        html.Append("<span>each metric below: one colour per rule, dashed its threshold</span><span>● an action: hover for why, click for its row</span></div>");
        if (chart.Note is { } note)
        {
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"note\" data-chart-note>{E(note)}</div>");
        }

        Rules(html, a);
        html.Append("<div class=\"grid2\"><div>");
        Decisions(html, a);
        html.Append("</div><div>");
        Events(html, c);
        html.Append("</div></div>");
        Instances(html, c);
        html.Append("</section>");
    }

    private static void Stat(StringBuilder html, string label, string value, string key) =>
        html.Append(CultureInfo.InvariantCulture, $"<div data-stat=\"{key}\"><b>{E(value)}</b><small>{E(label)}</small></div>");

    private static void Rules(StringBuilder html, Engine.AutoscalerStatus a)
    {
        html.Append("<h3>Rules against their thresholds</h3><table class=\"rules\"><tr><th>rule</th><th>metric</th><th class=\"num\">observed</th><th>vs</th><th class=\"num\">threshold</th><th>window</th><th>last sample</th><th>outcome</th><th class=\"num\">proposes</th></tr>");
        foreach (var r in a.Rules)
        {
            var op = r.Kind == Model.ScaleRuleKind.TargetTracking ? "target" : Symbol(r.Operator);
            html.Append(CultureInfo.InvariantCulture, $"<tr class=\"{(r.Outcome == Policy.RuleOutcome.Met ? "met" : "")}\" data-rule=\"{E(r.Name)}\" title=\"{E(r.Explanation)}\"><td>{E(r.Name)}</td><td>{E(r.Metric)}</td><td class=\"num\" data-observed>{Number(r.Observed)}</td><td>{E(op)}</td><td class=\"num\">{Number(r.Threshold)}</td><td>{Span(r.Window)}</td><td>{Time(r.LastSample)}</td><td>{r.Outcome}</td><td class=\"num\">{r.ProposedCapacity}</td></tr>");
        }

        if (a.Rules.Count == 0)
        {
            html.Append("<tr><td colspan=\"9\" class=\"muted\">no evaluation of the active profile yet, or the profile has no rules</td></tr>");
        }

        html.Append("</table>");
    }

    private static void Decisions(StringBuilder html, Engine.AutoscalerStatus a)
    {
        html.Append("<h3>Recent decisions</h3><table class=\"decisions\"><tr><th>time</th><th>change</th><th>why</th></tr>");
        // Every action kept (each one is marked on the chart and links here); between two actions, a run of refusals of
        // the same change for the same reason is one row (the newest's explanation, the run's first time and count).
        var rows = new List<(Engine.DecisionRecord Newest, DateTimeOffset First, int Count)>();
        foreach (var d in a.RecentDecisions.Reverse())
        {
            if (d.From == d.To && rows.Count > 0 && rows[^1] is var (newest, _, count)
                && newest.From == newest.To && newest.From == d.From && newest.Wanted == d.Wanted && newest.Blocked == d.Blocked)
            {
                rows[^1] = (newest, d.Time, count + 1);
                continue;
            }

            rows.Add((d, d.Time, 1));
        }

        var refusals = 0;
        foreach (var (d, first, count) in rows)
        {
            if (d.From == d.To && ++refusals > 8)
            {
                continue;
            }

            var change = d.From != d.To ? $"{d.From} → {d.To}" : $"{d.From} (wanted {d.Wanted}: {d.Blocked})";
            var when = count == 1 ? Clock(d.Time) : $"{Clock(first)}–{Clock(d.Time)}<br><span class=\"muted\">{count} times</span>";
            html.Append(CultureInfo.InvariantCulture, $"<tr id=\"{E(StatusChart.Anchor(d.Id))}\" data-decision=\"{E(d.Id)}\"><td>{when}</td><td>{E(change)}</td><td>{E(d.Explanation)}</td></tr>");
        }

        if (a.RecentDecisions.Count == 0)
        {
            html.Append("<tr><td colspan=\"3\" class=\"muted\">no decision yet</td></tr>");
        }

        html.Append("</table>");
    }

    private static void Events(StringBuilder html, Control.ControllerStatus? c)
    {
        html.Append("<h3>Recent controller events</h3><table class=\"events\"><tr><th>time</th><th>event</th><th>what</th></tr>");
        foreach (var e in (c?.RecentEvents ?? []).Reverse().Take(15))
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Clock(e.Time)}</td><td>{e.Kind}</td><td>{E(e.Message)}{(e.CauseId is null ? "" : $" <span class=\"muted\">({E(e.CauseId)})</span>")}</td></tr>");
        }

        html.Append("</table>");
    }

    private static void Instances(StringBuilder html, Control.ControllerStatus? c)
    {
        if (c is null)
        {
            return;
        }

        html.Append(CultureInfo.InvariantCulture, $"<h3>Instances ({c.Instances.Count}; by zone: {E(string.Join(", ", c.Zones.Select(z => $"{z.Zone}: {z.Instances.Total}")))})</h3>");
        html.Append("<table class=\"instances\"><tr><th>name</th><th>zone</th><th>phase</th><th>state</th><th>address</th><th>pool</th><th>model</th><th>created</th><th>cause</th></tr>");
        foreach (var i in c.Instances)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr data-instance=\"{E(i.Id)}\"><td>{E(i.Name)}{(i.Protected ? " 🔒" : "")}</td><td>{E(i.Zone)}</td><td>{i.Phase}</td><td>{i.State}</td><td>{E(i.Address ?? "–")}</td><td>{(i.MemberState?.ToString() ?? "–")}</td><td>{E(i.ModelVersion)}</td><td>{Time(i.CreatedAt)}</td><td>{E(i.CauseId ?? "–")}</td></tr>");
        }

        html.Append("</table>");
    }

    /// <summary>The operator as the rules table and the chart write it.</summary>
    internal static string Symbol(Model.ComparisonOperator op) => op switch
    {
        Model.ComparisonOperator.Equals => "==",
        Model.ComparisonOperator.NotEquals => "!=",
        Model.ComparisonOperator.GreaterThan => ">",
        Model.ComparisonOperator.GreaterThanOrEqual => ">=",
        Model.ComparisonOperator.LessThan => "<",
        Model.ComparisonOperator.LessThanOrEqual => "<=",
        _ => op.ToString(),
    };
}
