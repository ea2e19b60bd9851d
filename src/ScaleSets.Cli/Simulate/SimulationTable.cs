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
        var speedup = result.SpeedupBaseline is { } b ? $"x {b}" : "speedup";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"policy",-22} {"deviation",9} {"thetaU%",8} {"thetaO%",8} {"tauU%",7} {"tauO%",7} {"instab%",8} {"jitter/h",9} {"inst-h",10} {"SLO-min",8} {"actions",7} {speedup,17}"));
        foreach (var run in result.Policies)
        {
            var m = run.Metrics;
            var s = run.ElasticSpeedup is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "-";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Truncate(run.Name, 22),-22} {m.Deviation,9:0.00} {m.ThetaU,8:0.00} {m.ThetaO,8:0.00} {m.TauU,7:0.00} {m.TauO,7:0.00} {m.Instability,8:0.00} {m.Jitter,9:0.00} {m.InstanceHours,10:0.0} {m.SloViolationMinutes,8:0} {m.Actions,7} {s,17}"));
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

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "~";
}
