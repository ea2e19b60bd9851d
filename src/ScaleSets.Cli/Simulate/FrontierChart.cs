using System.Globalization;
using ScaleSets.Simulation.Runs;
using ScottPlot;

namespace ScaleSets.Cli.Simulate;

/// <summary>
/// Draws a sweep's cost–SLO frontier as a PNG: x = cost against the clairvoyant bound on a log scale (the last nine
/// of a bursty load can cost twenty times the bound; the others sit between 1 and 3), y = SLO attainment in nines on a
/// log scale (90% is one nine, 99% two, 99.9% three; a variant that never leaves the SLO is drawn at the top), one curve
/// per family through its variants, each point labelled with its knob, and the attainment target as a dashed line. A
/// user reads off what each extra nine costs with each policy.
/// </summary>
internal static class FrontierChart
{
    private const int Width = 1400;
    private const int Height = 820;

    /// <summary>The most nines drawn; a variant at 100% is drawn here.</summary>
    private const double TopNines = 5;

    public static void Write(Stream stream, IReadOnlyList<SweepPoint> points, string workloadName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(points);
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var families = points.Select(p => p.Family).Distinct(StringComparer.Ordinal).ToList();
        var xMax = 0.0;
        for (var f = 0; f < families.Count; f++)
        {
            var curve = points.Where(p => p.Family == families[f]).OrderBy(p => p.Value).ToList();
            var xs = curve.Select(p => CostAxis(p.Run.Slo.CostRatio)).ToArray();
            var ys = curve.Select(p => Nines(p.Run.Slo.Attainment)).ToArray();
            xMax = Math.Max(xMax, xs.Where(double.IsFinite).DefaultIfEmpty(0).Max());
            var scatter = plot.Add.Scatter(xs, ys);
            scatter.Color = palette.GetColor(f);
            scatter.LineWidth = 2;
            scatter.MarkerSize = 8;
            scatter.LegendText = string.Create(CultureInfo.InvariantCulture, $"{families[f]} ({curve[0].Knob} {100 * curve[0].Value:0.##}% to {100 * curve[^1].Value:0.##}%)");
            for (var i = 0; i < curve.Count; i++)
            {
                var label = plot.Add.Text(string.Create(CultureInfo.InvariantCulture, $"{100 * curve[i].Value:0.##}"), xs[i], ys[i]);
                label.LabelFontSize = 10;
                label.LabelFontColor = palette.GetColor(f);
                label.LabelOffsetX = 5;
                label.LabelOffsetY = -16;
            }
        }

        if (points.Count > 0)
        {
            var target = plot.Add.HorizontalLine(Nines(points[0].Run.Slo.Target));
            target.Color = Colors.Black.WithAlpha(0.6);
            target.LinePattern = LinePattern.Dashed;
            target.LineWidth = 1;
            target.LegendText = string.Create(CultureInfo.InvariantCulture, $"SLO target {Percent(points[0].Run.Slo.Target)}");
        }

        // Ticks at whole nines and the halves users name (50%, 80%, 95%, 99.5%); the axis spans the points drawn.
        double[] positions = [0, Nines(0.5), Nines(0.8), 1, Nines(0.95), 2, Nines(0.995), 3, 4, TopNines];
        string[] labels = ["0%", "50%", "80%", "90%", "95%", "99%", "99.5%", "99.9%", "99.99%", "100%"];
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, labels);
        var nines = points.Select(p => Nines(p.Run.Slo.Attainment)).Append(points.Count == 0 ? 2 : Nines(points[0].Run.Slo.Target)).ToList();
        var xMin = points.Count == 0 ? 0 : points.Min(p => CostAxis(p.Run.Slo.CostRatio));
        double[] costs = [0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 7, 10, 15, 20, 30, 50, 100];
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. costs.Select(CostAxis)],
            [.. costs.Select(c => c.ToString("0.##", CultureInfo.InvariantCulture) + "×")]);
        plot.Axes.SetLimits(Math.Min(0, xMin) - 0.02, xMax + 0.06, Math.Max(-0.05, nines.Min() - 0.15), Math.Min(TopNines + 0.3, nines.Max() + 0.35));
        plot.XLabel("cost: instance-hours against the clairvoyant bound, log scale (1× = the least any policy meeting the SLO everywhere can pay)", size: 14);
        plot.YLabel("SLO attainment: share of steps within the SLO (nines, log scale)", size: 14);
        plot.Title($"Cost-SLO frontier on {workloadName}: each policy family over its knob (point labels: the knob in %)", size: 15);
        // Lower right: the frontier rises to the upper left, so nothing is drawn there.
        plot.ShowLegend(Alignment.LowerRight, Orientation.Vertical);
        plot.Legend.FontSize = 12;
        var bytes = plot.GetImageBytes(Width, Height, ImageFormat.Png);
        stream.Write(bytes);
    }

    /// <summary>Attainment as nines: <c>−log10(1 − attainment)</c>, 100% drawn at the top of the chart.</summary>
    internal static double Nines(double attainment) =>
        attainment >= 1 ? TopNines : Math.Min(TopNines, -Math.Log10(1 - Math.Max(0, attainment)));

    /// <summary>A cost ratio on the log-scaled x axis.</summary>
    private static double CostAxis(double ratio) => Math.Log10(Math.Max(ratio, 0.01));

    private static string Percent(double fraction) => (100 * fraction).ToString("0.###", CultureInfo.InvariantCulture) + "%";
}
