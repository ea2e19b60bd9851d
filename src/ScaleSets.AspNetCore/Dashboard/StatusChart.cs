using System.Globalization;
using System.Text;
using ScaleSets.Engine;
using ScaleSets.Hosting;
using static ScaleSets.AspNetCore.Dashboard.Html;

namespace ScaleSets.AspNetCore.Dashboard;

/// <summary>
/// Renders a scale set's recent history as inline SVG on the server: capacity and instances in service (left axis), the
/// first rule's observed value and threshold (right axis), and each action as a marker whose explanation shows on hover
/// (an SVG title) and whose click jumps to its row in the decisions table.
/// </summary>
internal static class StatusChart
{
    private const double Width = 1000, Height = 280, Left = 48, Right = 60, Top = 16, Bottom = 30;

    public static string Render(IReadOnlyList<ScaleSetHistoryPoint> points, AutoscalerStatus status)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" viewBox=\"0 0 {F(Width)} {F(Height)}\" role=\"img\" aria-label=\"load, capacity and instances of {E(status.Name)}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(Left)}\" y=\"{F(Top)}\" width=\"{F(Width - Left - Right)}\" height=\"{F(Height - Top - Bottom)}\" fill=\"#fbfcfe\" stroke=\"#d9e2ec\"/>");
        if (points.Count < 2)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Width / 2)}\" y=\"{F(Height / 2)}\" text-anchor=\"middle\" fill=\"#616e7c\">waiting for evaluations…</text></svg>");
            return svg.ToString();
        }

        var t0 = points[0].Time;
        var span = Math.Max(1, (points[^1].Time - t0).TotalSeconds);
        double X(DateTimeOffset t) => Left + ((t - t0).TotalSeconds / span * (Width - Left - Right));
        var maxInstances = Math.Max(status.Maximum > 0 ? Math.Min(status.Maximum, Math.Max(points.Max(p => Math.Max(p.Capacity, p.Instances ?? 0)) + 2, 4)) : 4, 1);
        double YI(double v) => Height - Bottom - (v / maxInstances * (Height - Top - Bottom));
        var threshold = status.Rules.Count > 0 ? status.Rules[0].Threshold : 0;
        var maxLoad = Math.Max(threshold * 1.5, points.Max(p => p.Observed.Count > 0 && p.Observed[0] is { } v ? v : 0) * 1.1);
        maxLoad = maxLoad <= 0 ? 1 : maxLoad;
        double YL(double v) => Height - Bottom - (v / maxLoad * (Height - Top - Bottom));

        Grid(svg, maxInstances, maxLoad, YI, YL, status);
        TimeAxis(svg, t0, points[^1].Time, X);
        if (status.Rules.Count > 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(Left)}\" x2=\"{F(Width - Right)}\" y1=\"{F(YL(threshold))}\" y2=\"{F(YL(threshold))}\" stroke=\"#e67e22\" stroke-dasharray=\"6 4\" stroke-width=\"1.2\"><title>threshold of rule '{E(status.Rules[0].Name)}': {F(threshold)}</title></line>");
            Polyline(svg, points.Where(p => p.Observed.Count > 0 && p.Observed[0] is not null).Select(p => (X(p.Time), YL(p.Observed[0]!.Value))), "#e67e22", 2, step: false);
        }

        Polyline(svg, points.Select(p => (X(p.Time), YI(p.Capacity))), "#2f6fdf", 2.4, step: true);
        Polyline(svg, points.Where(p => p.InService is not null).Select(p => (X(p.Time), YI(p.InService!.Value))), "#1f9d55", 2, step: true);
        foreach (var d in status.RecentDecisions.Where(d => d.Time >= t0 && d.From != d.To))
        {
            var x = X(d.Time);
            var color = d.To > d.From ? "#2f6fdf" : "#8e44ad";
            svg.Append(CultureInfo.InvariantCulture, $"<a href=\"#{E(Anchor(d))}\" class=\"action\" data-decision=\"{E(d.Id)}\"><title>{E(Clock(d.Time))} {E(d.Id)}: {E(d.Explanation)}</title>");
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(x)}\" x2=\"{F(x)}\" y1=\"{F(Top)}\" y2=\"{F(Height - Bottom)}\" stroke=\"{color}\" stroke-opacity=\".35\" stroke-width=\"1\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{F(x)}\" cy=\"{F(YI(d.To))}\" r=\"6\" fill=\"{color}\" stroke=\"#fff\" stroke-width=\"2\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x + 8)}\" y=\"{F(Math.Max(Top + 12, YI(d.To) - 8))}\" font-size=\"11\" fill=\"{color}\">{d.From}→{d.To}</text></a>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>The id of a decision's row in the decisions table, the target of its chart marker.</summary>
    public static string Anchor(DecisionRecord d) => "decision-" + d.Id.Replace('#', '-');

    private static void Grid(StringBuilder svg, double maxInstances, double maxLoad, Func<double, double> yi, Func<double, double> yl, AutoscalerStatus status)
    {
        var step = Math.Max(1, (int)Math.Ceiling(maxInstances / 5));
        for (var v = 0; v <= maxInstances; v += step)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(Left)}\" x2=\"{F(Width - Right)}\" y1=\"{F(yi(v))}\" y2=\"{F(yi(v))}\" stroke=\"#eef2f7\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Left - 8)}\" y=\"{F(yi(v) + 4)}\" text-anchor=\"end\" font-size=\"11\" fill=\"#2f6fdf\">{v}</text>");
        }

        for (var i = 0; i <= 4; i++)
        {
            var v = maxLoad * i / 4;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Width - Right + 8)}\" y=\"{F(yl(v) + 4)}\" font-size=\"11\" fill=\"#e67e22\">{Number(v)}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"14\" y=\"{F(Top + 6)}\" font-size=\"11\" fill=\"#616e7c\" transform=\"rotate(-90 14 {F(Top + 6)})\" text-anchor=\"end\">instances</text>");
        if (status.Rules.Count > 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Width - 6)}\" y=\"{F(Top + 6)}\" font-size=\"11\" fill=\"#616e7c\" transform=\"rotate(-90 {F(Width - 6)} {F(Top + 6)})\" text-anchor=\"end\">{E(status.Rules[0].Metric)}</text>");
        }
    }

    private static void TimeAxis(StringBuilder svg, DateTimeOffset from, DateTimeOffset to, Func<DateTimeOffset, double> x)
    {
        for (var i = 0; i <= 5; i++)
        {
            var t = from + ((to - from) * i / 5);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x(t))}\" y=\"{F(Height - 10)}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#616e7c\">{Clock(t)}</text>");
        }
    }

    private static void Polyline(StringBuilder svg, IEnumerable<(double X, double Y)> points, string color, double width, bool step)
    {
        var text = new StringBuilder();
        (double X, double Y)? last = null;
        foreach (var p in points)
        {
            if (step && last is { } l)
            {
                text.Append(CultureInfo.InvariantCulture, $"{F(p.X)},{F(l.Y)} ");
            }

            text.Append(CultureInfo.InvariantCulture, $"{F(p.X)},{F(p.Y)} ");
            last = p;
        }

        svg.Append(CultureInfo.InvariantCulture, $"<polyline points=\"{text}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"{F(width)}\" stroke-linejoin=\"round\"/>");
    }
}
