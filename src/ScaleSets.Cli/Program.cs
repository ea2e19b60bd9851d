using System.CommandLine;
using ScaleSets.Cli.Commands;

namespace ScaleSets.Cli;

/// <summary>The <c>scalesets</c> command.</summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("scalesets: validate autoscale settings and replay recorded metrics through the ScaleSets.Core engine.")
        {
            ValidateCommand.Create(),
            ReplayCommand.Create(),
        };
        return root.Parse(args).Invoke();
    }
}
