using System.Globalization;
using ScaleSets.Simulation.Runs;
using ScottPlot;
using SkiaSharp;

namespace ScaleSets.Cli.Simulate;

/// <summary>
/// Draws a simulation as a PNG: one panel per policy, best first, all on the same time axis and the same y-axis in
/// instances, so the panels compare at a glance: the demand (grey), the policy's ready supply (its colour), and its scale
/// actions as a thin rug along the bottom; each titled with its SLO attainment and cost against the clairvoyant bound.
/// One legend, on the first panel; dates in ISO 8601 (UTC).
/// </summary>
internal static class SimulationChart
{
    private const int Width = 1400;
    private const int PanelHeight = 190;

    public static void Write(Stream stream, SimulationResult result)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(result);
        var workload = result.Workload;
        var xs = new double[workload.Count];
        for (var i = 0; i < xs.Length; i++)
        {
            xs[i] = workload.TimeAt(i).UtcDateTime.ToOADate();
        }

        var demand = result.Demand.Select(d => (double)d).ToArray();
        var yMax = Math.Max(result.Demand.Max(), result.Policies.Count == 0 ? 0 : result.Policies.Max(r => r.Supply.Count == 0 ? 0 : r.Supply.Max())) * 1.08;
        var rugHeight = yMax * 0.04;
        var palette = new ScottPlot.Palettes.Category10();
        var height = PanelHeight * result.Policies.Count;
        using var surface = SKSurface.Create(new SKImageInfo(Width, height));
        surface.Canvas.Clear(SKColors.White);
        for (var p = 0; p < result.Policies.Count; p++)
        {
            var run = result.Policies[p];
            var plot = new Plot();
            var demandLine = plot.Add.SignalXY(xs, demand);
            demandLine.Color = Colors.Gray.WithAlpha(0.8);
            demandLine.LineWidth = 1.5f;
            demandLine.LegendText = "demand";
            var supply = plot.Add.SignalXY(xs, run.Supply.Select(s => (double)s).ToArray());
            supply.Color = palette.GetColor(p);
            supply.LineWidth = 1.5f;
            supply.LegendText = "supply (ready)";
            if (run.ActionSteps.Count > 0)
            {
                var rug = plot.Add.Markers(
                    run.ActionSteps.Select(s => xs[s]).ToArray(),
                    run.ActionSteps.Select(_ => rugHeight / 2).ToArray(),
                    MarkerShape.VerticalBar,
                    7,
                    Colors.Black.WithAlpha(0.45));
                rug.LegendText = "scale action";
            }

            var m = run.Metrics;
            plot.Title(string.Create(CultureInfo.InvariantCulture, $"{p + 1}. {run.Name}: {100 * run.Slo.Attainment:0.0#}% of steps within the SLO, cost {run.Slo.CostRatio:0.00}× the clairvoyant bound ({m.InstanceHours:0} instance-hours), {m.Actions} actions; deviation {m.Deviation:0.0}"), size: 13);
            var ticks = new ScottPlot.TickGenerators.DateTimeAutomatic { LabelFormatter = d => d.ToString(d.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) };
            plot.Axes.Bottom.TickGenerator = ticks;
            plot.Axes.SetLimits(xs[0], xs[^1], 0, yMax);
            plot.YLabel("instances", size: 12);
            if (p == 0)
            {
                plot.ShowLegend(Alignment.UpperRight, Orientation.Horizontal);
                plot.Legend.FontSize = 11;
            }
            else
            {
                plot.HideLegend();
            }

            using var panel = SKBitmap.Decode(plot.GetImageBytes(Width, PanelHeight, ImageFormat.Png));
            surface.Canvas.DrawBitmap(panel, 0, p * PanelHeight);
        }

        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        data.SaveTo(stream);
    }
}
