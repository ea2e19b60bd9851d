using System.Globalization;
using ScaleSets.Simulation.Runs;
using ScottPlot;
using SkiaSharp;

namespace ScaleSets.Cli.Simulate;

/// <summary>
/// Draws a simulation as a PNG: one panel per policy, best first, each scaled to its own largest supply, with the demand (grey) and the policy's supply
/// (its colour) over time and every scale action marked on the supply line, titled with its deviation and τU, on the
/// same time axis so the panels compare at a glance.
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
        var demandMax = result.Demand.Max();
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
                var markers = plot.Add.Markers(
                    run.ActionSteps.Select(s => xs[s]).ToArray(),
                    run.ActionSteps.Select(s => (double)run.Supply[s]).ToArray(),
                    MarkerShape.FilledTriangleUp,
                    4,
                    Colors.Black.WithAlpha(0.6));
                markers.LegendText = "scale action";
            }

            var m = run.Metrics;
            plot.Title(string.Create(CultureInfo.InvariantCulture, $"{p + 1}. {run.Name}: within the SLO {100 * run.Slo.Attainment:0.0#}% of steps, cost {run.Slo.CostRatio:0.00}× the clairvoyant bound, deviation {m.Deviation:0.0}, τU {m.TauU:0.0}%, τO {m.TauO:0.0}%, θU {m.ThetaU:0.0}%, θO {m.ThetaO:0.0}%, {m.InstanceHours:0} instance-hours, {m.Actions} actions"), size: 13);
            plot.Axes.DateTimeTicksBottom();
            plot.Axes.SetLimits(xs[0], xs[^1], 0, Math.Max(demandMax, run.Supply.Max()) * 1.08);
            plot.YLabel("instances", size: 12);
            plot.ShowLegend(Alignment.UpperLeft);
            plot.Legend.FontSize = 10;
            using var panel = SKBitmap.Decode(plot.GetImageBytes(Width, PanelHeight, ImageFormat.Png));
            surface.Canvas.DrawBitmap(panel, 0, p * PanelHeight);
        }

        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        data.SaveTo(stream);
    }
}
