using System.Diagnostics;
using ScaleSets.HyperV.Runner;

namespace ScaleSets.HyperV.Tests.PowerShell;

/// <summary>Finds the repository's local PowerShell tool (<c>dotnet pwsh</c>, restored by <c>dotnet tool restore</c>) and fails the test clearly when it is missing.</summary>
internal static class PowerShellHost
{
    public const string Missing = "PowerShell is not available: run `dotnet tool restore` in the repository root (tests/run.sh does this)";

    private static readonly Lazy<(bool Ok, string Detail)> Availability = new(Probe);

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, ".config", "dotnet-tools.json")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("The repository root (with .config/dotnet-tools.json) was not found above " + TestContext.CurrentContext.TestDirectory);
        }
    }

    /// <summary>Runner options for <c>dotnet pwsh</c> from the repository root; asserts PowerShell is there.</summary>
    public static PowerShellProcessRunnerOptions RequireOptions()
    {
        var (ok, detail) = Availability.Value;
        if (!ok)
        {
            Assert.Fail(Missing + ". " + detail);
        }

        return NewOptions();
    }

    private static PowerShellProcessRunnerOptions NewOptions()
    {
        var options = new PowerShellProcessRunnerOptions { Executable = "dotnet", WorkingDirectory = RepositoryRoot };
        options.LeadingArguments.Insert(0, "pwsh");
        return options;
    }

    private static (bool Ok, string Detail) Probe()
    {
        try
        {
            var info = new ProcessStartInfo("dotnet") { WorkingDirectory = RepositoryRoot, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "pwsh", "-NoProfile", "-NonInteractive", "-Command", "$PSVersionTable.PSVersion.ToString()" })
            {
                info.ArgumentList.Add(a);
            }

            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(60_000))
            {
                process.Kill(entireProcessTree: true);
                return (false, "`dotnet pwsh` did not answer within 60 seconds.");
            }

            return process.ExitCode == 0
                ? (true, output.Result.Trim())
                : (false, "`dotnet pwsh` exited with " + process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) + ": " + error.Result.Trim());
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (false, ex.Message);
        }
    }
}
