using System.CommandLine;
using ScaleSets.Cli.Commands;
using ScaleSets.Cli.Metrics;
using ScaleSets.Cli.Soak;

namespace ScaleSets.Cli;

/// <summary>The <c>scalesets</c> command.</summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        // The tool's work is one long single-threaded run (a simulation on a virtual clock, a replay, a forecast): MathNet's
        // parallel linear algebra only adds threads that compete with it, most of all on one core (benchmarks/README.md).
        MathNet.Numerics.Control.UseSingleThread();
        var root = new RootCommand("scalesets: simulate autoscale policies on real or synthetic workloads, validate autoscale settings, replay recorded metrics through the ScaleSets.Core engine, forecast load traces, soak-test the scale set controller, record metrics from running systems, and read a running host's run history.")
        {
            ValidateCommand.Create(),
            ReplayCommand.Create(),
            SoakCommand.Create(),
            Bench.ClusterBenchCommand.Create(),
            ForecastCommand.Create(),
            SimulateCommand.Create(),
            MetricsCommand.Create(),
            HistoryCommand.Create(),
            StatusCommand.Create(),
        };
        return root.Parse(args).Invoke();
    }
}
