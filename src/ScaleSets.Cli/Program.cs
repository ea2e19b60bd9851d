using System.CommandLine;
using ScaleSets.Cli.Commands;
using ScaleSets.Cli.Soak;

namespace ScaleSets.Cli;

/// <summary>The <c>scalesets</c> command.</summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("scalesets: simulate autoscale policies on real or synthetic workloads, validate autoscale settings, replay recorded metrics through the ScaleSets.Core engine, forecast load traces, and soak-test the scale set controller.")
        {
            ValidateCommand.Create(),
            ReplayCommand.Create(),
            SoakCommand.Create(),
            ForecastCommand.Create(),
            SimulateCommand.Create(),
        };
        return root.Parse(args).Invoke();
    }
}
