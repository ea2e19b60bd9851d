using System.Globalization;
using System.Text;
using ScaleSets.Engine;
using ScaleSets.Hosting;
using static ScaleSets.AspNetCore.Dashboard.Html;

namespace ScaleSets.AspNetCore.Dashboard;

/// <summary>
/// Renders a scale set's chart as inline SVG on the server: a panel of capacity and instances taking traffic, then one
/// panel per metric the rules watch, each rule's observed value in its own colour against its threshold (dashed), all
/// on one time axis. Each action is a marker across the panels whose explanation shows on hover (an SVG title) and
/// whose click goes to its row (or, for an action before the recent decisions, its run history entry). A stretch without
/// evaluations (the host was down) is left as a gap.
/// </summary>
internal static class StatusChart
{
    private const double Width = 1000, Left = 52, Right = 64, Top = 10, CapacityHeight = 170, MetricHeight = 110, PanelGap = 30, AxisHeight = 24;
    private static readonly TimeSpan Gap = TimeSpan.FromMinutes(5);
    private static readonly string[] Palette = ["#d35400", "#7b3fa0", "#0f8b8d", "#b7950b", "#c2185b", "#5d6d7e"];

    public static string Render(ChartData data, AutoscalerStatus status)
    {
        var points = data.Points;
        var metrics = status.Rules.Select((r, i) => (Rule: r, Color: Palette[i % Palette.Length])).GroupBy(r => r.Rule.Metric, StringComparer.Ordinal).ToList();
        var height = Top + CapacityHeight + (metrics.Count * (PanelGap + MetricHeight)) + AxisHeight;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" viewBox=\"0 0 {F(Width)} {F(height)}\" role=\"img\" aria-label=\"capacity, instances and the rules' metrics of {E(status.Name)}\" xmlns=\"http://www.w3.org/2000/svg\">");
        if (points.Count < 2)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(Left)}\" y=\"{F(Top)}\" width=\"{F(Width - Left - Right)}\" height=\"{F(height - Top - AxisHeight)}\" fill=\"#fbfcfe\" stroke=\"#d9e2ec\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Width / 2)}\" y=\"{F(height / 2)}\" text-anchor=\"middle\" fill=\"#616e7c\">waiting for evaluations…</text></svg>");
            return svg.ToString();
        }

        var t0 = points[0].Time;
        var t1 = points[^1].Time;
        svg.Insert(svg.ToString().IndexOf(" role=", StringComparison.Ordinal), string.Create(CultureInfo.InvariantCulture, $" data-from=\"{t0.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}\" data-to=\"{t1.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}\""));
        var span = Math.Max(1, (t1 - t0).TotalSeconds);
        double X(DateTimeOffset t) => Left + ((t - t0).TotalSeconds / span * (Width - Left - Right));

        // Capacity and instances.
        var top = Top;
        var maxInstances = Math.Max(4, points.Max(p => Math.Max(p.Capacity, p.Instances ?? 0)) + 1);
        maxInstances = status.Maximum > 0 ? Math.Min(Math.Max(status.Maximum, 1), maxInstances) : maxInstances;
        double YI(double v) => top + CapacityHeight - (v / maxInstances * CapacityHeight);
        Panel(svg, top, CapacityHeight);
        var step = Math.Max(1, (int)Math.Ceiling(maxInstances / 5.0));
        for (var v = 0; v <= maxInstances; v += step)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(Left)}\" x2=\"{F(Width - Right)}\" y1=\"{F(YI(v))}\" y2=\"{F(YI(v))}\" stroke=\"#eef2f7\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Left - 8)}\" y=\"{F(YI(v) + 4)}\" text-anchor=\"end\" font-size=\"11\" fill=\"#2f6fdf\">{v}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"14\" y=\"{F(top + 4)}\" font-size=\"11\" fill=\"#616e7c\" transform=\"rotate(-90 14 {F(top + 4)})\" text-anchor=\"end\">instances</text>");
        Series(svg, points, p => p.Capacity, X, YI, "#2f6fdf", 2.4, step: true);
        Series(svg, points, p => p.InService, X, YI, "#1f9d55", 2, step: true);

        // One panel per metric, each rule in its colour against its threshold.
        foreach (var metric in metrics)
        {
            var panelTop = top + CapacityHeight + PanelGap + (metrics.IndexOf(metric) * (PanelGap + MetricHeight));
            var rules = metric.ToList();
            var observed = rules.SelectMany(r => points.Select(p => Observed(p, status, r.Rule.Name))).OfType<double>().ToList();
            var max = Math.Max(rules.Max(r => r.Rule.Threshold) * 1.25, observed.Count > 0 ? observed.Max() * 1.1 : 0);
            var min = Math.Min(0, observed.Count > 0 ? observed.Min() : 0);
            max = max <= min ? min + 1 : max;
            double YL(double v) => panelTop + MetricHeight - ((v - min) / (max - min) * MetricHeight);
            Panel(svg, panelTop, MetricHeight);
            for (var i = 0; i <= 2; i++)
            {
                var v = min + ((max - min) * i / 2);
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Width - Right + 6)}\" y=\"{F(YL(v) + 4)}\" font-size=\"11\" fill=\"#616e7c\">{Number(v)}</text>");
            }

            var header = new StringBuilder().Append(CultureInfo.InvariantCulture, $"<tspan font-weight=\"600\" fill=\"#1f2933\">{E(metric.Key)}</tspan>");
            foreach (var (rule, color) in rules)
            {
                var op = rule.Kind == Model.ScaleRuleKind.TargetTracking ? "target" : DashboardPage.Symbol(rule.Operator);
                header.Append(CultureInfo.InvariantCulture, $"<tspan dx=\"14\" fill=\"{color}\">━ {E(rule.Name)} {E(op)} {Number(rule.Threshold)} ({Span(rule.Window)})</tspan>");
                svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(Left)}\" x2=\"{F(Width - Right)}\" y1=\"{F(YL(rule.Threshold))}\" y2=\"{F(YL(rule.Threshold))}\" stroke=\"{color}\" stroke-dasharray=\"6 4\" stroke-width=\"1.2\" data-threshold=\"{E(rule.Name)}\"><title>{E(rule.Name)}: {E(op)} {Number(rule.Threshold)}</title></line>");
                // Rules on one metric often see the same values (one window inside the other): the first is drawn widest, so
                // a later one on top of it still shows both colours.
                var name = rule.Name;
                var width = rules.Count > 1 && rules[0].Rule == rule ? 4.0 : 1.8;
                Series(svg, points, p => Observed(p, status, name), X, YL, color, width, step: false, dataRule: name);
            }

            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Left)}\" y=\"{F(panelTop - 8)}\" font-size=\"12\">{header}</text>");
        }

        // The time axis, then the actions across every panel.
        var bottom = height - AxisHeight;
        for (var i = 0; i <= 6; i++)
        {
            var t = t0 + ((t1 - t0) * i / 6);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(X(t))}\" y=\"{F(bottom + 16)}\" text-anchor=\"{(i == 0 ? "start" : i == 6 ? "end" : "middle")}\" font-size=\"11\" fill=\"#616e7c\">{Clock(t)}</text>");
        }

        foreach (var a in data.Actions.Where(a => a.Time >= t0 && a.Time <= t1))
        {
            var x = X(a.Time);
            var color = a.To > a.From ? "#2f6fdf" : "#8e44ad";
            var labelRight = x < Width - Right - 60;
            svg.Append(CultureInfo.InvariantCulture, $"<a href=\"{E(a.Href)}\" class=\"action\" data-decision=\"{E(a.Id)}\"><title>{E(Clock(a.Time))} {E(a.Id)}: {E(a.Explanation)}</title>");
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(x)}\" x2=\"{F(x)}\" y1=\"{F(Top)}\" y2=\"{F(bottom)}\" stroke=\"{color}\" stroke-opacity=\".35\" stroke-width=\"1\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{F(x)}\" cy=\"{F(YI(a.To))}\" r=\"6\" fill=\"{color}\" stroke=\"#fff\" stroke-width=\"2\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(labelRight ? x + 8 : x - 8)}\" y=\"{F(Math.Max(Top + 12, YI(a.To) - 8))}\" text-anchor=\"{(labelRight ? "start" : "end")}\" font-size=\"11\" fill=\"{color}\">{a.From}→{a.To}</text></a>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>The id of a decision's row in the decisions table, the target of its chart marker.</summary>
    public static string Anchor(string decisionId) => "decision-" + decisionId.Replace('#', '-');

    private static double? Observed(ScaleSetHistoryPoint point, AutoscalerStatus status, string rule)
    {
        var index = -1;
        for (var i = 0; i < point.Rules.Count; i++)
        {
            if (string.Equals(point.Rules[i], rule, StringComparison.Ordinal))
            {
                index = i;
                break;
            }
        }

        // A point without names (recorded by an older version) follows the current profile's order.
        if (index < 0 && point.Rules.Count == 0)
        {
            index = status.Rules.Select(r => r.Name).ToList().IndexOf(rule);
        }

        return index >= 0 && index < point.Observed.Count ? point.Observed[index] : null;
    }

    private static void Panel(StringBuilder svg, double top, double height) =>
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(Left)}\" y=\"{F(top)}\" width=\"{F(Width - Left - Right)}\" height=\"{F(height)}\" fill=\"#fbfcfe\" stroke=\"#d9e2ec\"/>");

    /// <summary>Draws a value over the points as polylines, broken where it has no value or the evaluations stopped for longer than <see cref="Gap"/>.</summary>
    private static void Series(
        StringBuilder svg, IReadOnlyList<ScaleSetHistoryPoint> points, Func<ScaleSetHistoryPoint, double?> value, Func<DateTimeOffset, double> x, Func<double, double> y,
        string color, double width, bool step, string? dataRule = null)
    {
        var text = new StringBuilder();
        (double X, double Y)? last = null;
        DateTimeOffset? lastTime = null;
        void Flush()
        {
            if (text.Length > 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<polyline points=\"{text}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"{F(width)}\" stroke-linejoin=\"round\"{(dataRule is null ? "" : $" data-rule-series=\"{E(dataRule)}\"")}/>");
                text.Clear();
            }

            last = null;
        }

        foreach (var point in points)
        {
            if (value(point) is null || (lastTime is { } previous && point.Time - previous > Gap))
            {
                Flush();
            }

            lastTime = point.Time;
            if (value(point) is not { } current)
            {
                continue;
            }

            var p = (X: x(point.Time), Y: y(current));
            if (step && last is { } l)
            {
                text.Append(CultureInfo.InvariantCulture, $"{F(p.X)},{F(l.Y)} ");
            }

            text.Append(CultureInfo.InvariantCulture, $"{F(p.X)},{F(p.Y)} ");
            last = p;
        }

        Flush();
    }
}
