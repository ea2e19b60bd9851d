using System.Diagnostics;

namespace ScaleSets.Tests.Cli;

/// <summary>Runs the real <c>scalesets</c> program as a child process, with a time limit.</summary>
internal static class CliRunner
{
    public static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var program = Path.Combine(AppContext.BaseDirectory, "scalesets.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(program);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"scalesets {string.Join(' ', args)} did not finish within 120 s");
        }

        return (process.ExitCode, output.Result, error.Result);
    }
}
