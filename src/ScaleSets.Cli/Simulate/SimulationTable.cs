using System.Globalization;
using ScaleSets.Simulation.Runs;

namespace ScaleSets.Cli.Simulate;

/// <summary>Prints a simulation's result as a fixed-width table, one row per policy, best first.</summary>
internal static class SimulationTable
{
    public static void Write(TextWriter output, SimulationResult result)
    {
        var w = result.Workload;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"workload {w.Name}: {w.Count} steps of {w.Step:c} from {w.Start:yyyy-MM-ddTHH:mm:ssZ}, peak {w.Peak:0.##} requests/s"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"service: R = {result.Service.InstanceCapacity:0.####} requests/s per instance at 100%, demand sized for {result.Service.TargetUtilization:0.##} utilization, peak demand {result.Demand.Max()} instances"));
        var boundHours = result.Policies.Count > 0 ? result.Policies[0].Slo.BoundInstanceHours : 0;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"SLO: a step is within it at or under 100% utilization{(result.LatencySlo is { } l ? $" and a mean latency of {l.TotalSeconds:0.###} s" : string.Empty)}; target {Percent(result.SloTarget)} of steps; the clairvoyant bound costs {boundHours:0.0} instance-hours"));
        output.WriteLine("ranked: policies that meet the target by cost (lowest first), then the others by attainment");
        var speedup = result.SpeedupBaseline is { } b ? $"x {b}" : "speedup";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"policy",-22} {"SLO%",8} {"meets",5} {"cost/bound",10} {"inst-h",10} {"deviation",9} {"thetaU%",8} {"thetaO%",8} {"tauU%",7} {"tauO%",7} {"instab%",8} {"jitter/h",9} {"SLO-min",8} {"actions",7} {speedup,17}"));
        foreach (var run in result.Policies)
        {
            var m = run.Metrics;
            var slo = run.Slo;
            var s = run.ElasticSpeedup is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "-";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Truncate(run.Name, 22),-22} {100 * slo.Attainment,8:0.000} {(slo.MeetsTarget ? "yes" : "no"),5} {slo.CostRatio,10:0.000} {m.InstanceHours,10:0.0} {m.Deviation,9:0.00} {m.ThetaU,8:0.00} {m.ThetaO,8:0.00} {m.TauU,7:0.00} {m.TauO,7:0.00} {m.Instability,8:0.00} {m.Jitter,9:0.00} {m.SloViolationMinutes,8:0} {m.Actions,7} {s,17}"));
        }

        foreach (var run in result.Policies)
        {
            if (run.FailedBoots > 0)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"note: policy '{run.Name}': {run.FailedBoots} boots failed and were replaced"));
            }
        }
    }

    /// <summary>Writes each policy's warnings (a rule on a metric the simulation does not report), one line each, for standard error.</summary>
    public static void WriteWarnings(TextWriter error, SimulationResult result)
    {
        foreach (var warning in result.Policies.SelectMany(run => run.Warnings))
        {
            error.WriteLine("scalesets: warning: " + warning);
        }
    }

    private static string Percent(double fraction) => (100 * fraction).ToString("0.###", CultureInfo.InvariantCulture) + "%";

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "~";
}
