using System.Globalization;
using ScaleSets.Simulation.Runs;

namespace ScaleSets.Cli.Simulate;

/// <summary>Prints a sweep as a fixed-width table: one row per variant, family by family, knob ascending, and per family the cheapest variant that meets the SLO target.</summary>
internal static class SweepTable
{
    public static void Write(TextWriter output, IReadOnlyList<SweepPoint> points)
    {
        if (points.Count == 0)
        {
            return;
        }

        var first = points[0].Run.Slo;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sweep: {points.Count} variants; SLO target {100 * first.Target:0.###}% of steps; the clairvoyant bound costs {first.BoundInstanceHours:0.0} instance-hours"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"variant",-26} {"knob",-20} {"SLO%",8} {"nines",6} {"meets",5} {"cost/bound",10} {"inst-h",10} {"actions",7}"));
        foreach (var point in points)
        {
            var slo = point.Run.Slo;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{point.Run.Name,-26} {point.Knob,-20} {100 * slo.Attainment,8:0.000} {FrontierChart.Nines(slo.Attainment),6:0.00} {(slo.MeetsTarget ? "yes" : "no"),5} {slo.CostRatio,10:0.000} {slo.InstanceHours,10:0.0} {point.Run.Metrics.Actions,7}"));
        }

        output.WriteLine("cheapest variant of each family that meets the target:");
        foreach (var family in points.GroupBy(p => p.Family, StringComparer.Ordinal))
        {
            var best = family.Where(p => p.Run.Slo.MeetsTarget).OrderBy(p => p.Run.Slo.InstanceHours).FirstOrDefault();
            output.WriteLine(best is null
                ? $"  {family.Key}: none"
                : string.Create(CultureInfo.InvariantCulture, $"  {family.Key}: {best.Run.Name}, {100 * best.Run.Slo.Attainment:0.000}%, {best.Run.Slo.CostRatio:0.000}x the bound"));
        }
    }
}
