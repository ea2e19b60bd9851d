using System.CommandLine;
using ScaleSets.Cli.Commands;
using ScaleSets.HyperV.Metrics;
using ScaleSets.HyperV.Runner;
using ScaleSets.Sources;

namespace ScaleSets.Cli.Metrics;

/// <summary>
/// <c>--hyperv SET [--hyperv SET…] [--powershell EXE] [--powershell-arg ARG…]</c>: the Hyper-V host metrics of each scale
/// set's VMs, one PowerShell run per set and poll (the shipped <c>Get-ScaleSetVMMetrics.ps1</c> through the PowerShell runner).
/// </summary>
internal sealed class HyperVMetricsSourceOptions : IMetricsSourceOptions
{
    private readonly Option<string[]> _sets = new("--hyperv") { Description = "A scale set whose Hyper-V VMs to measure on this host (CPU, memory, network as the hypervisor sees them); repeat for several." };
    private readonly Option<string> _powershell = new("--powershell") { Description = "The PowerShell to run the Hyper-V script with (with --hyperv).", DefaultValueFactory = _ => "pwsh" };
    private readonly Option<string[]> _arguments = new("--powershell-arg") { Description = "An argument placed before PowerShell's own (-NoProfile -NonInteractive -File …), for example pwsh with --powershell dotnet; repeat for several." };

    public IEnumerable<Option> Options => [_sets, _powershell, _arguments];

    public IReadOnlyList<RecordedSource> Create(ParseResult parse, PolledMetricSourceOptions polling, TimeProvider time)
    {
        var sets = parse.GetValue(_sets) ?? [];
        if (sets.Length == 0)
        {
            return parse.GetResult(_powershell) is { Implicit: false } || (parse.GetValue(_arguments) ?? []).Length > 0
                ? throw new CliError("--powershell: needs --hyperv SET, the scale set whose VMs to measure")
                : [];
        }

        var runnerOptions = new PowerShellProcessRunnerOptions { Executable = parse.GetValue(_powershell)! };
        var arguments = parse.GetValue(_arguments) ?? [];
        for (var i = 0; i < arguments.Length; i++)
        {
            runnerOptions.LeadingArguments.Insert(i, arguments[i]);
        }

        if (runnerOptions.Validate() is { Count: > 0 } invalid)
        {
            throw new CliError("--powershell: " + string.Join(" ", invalid));
        }

        var runner = new PowerShellProcessRunner(runnerOptions);
        var sources = new List<RecordedSource>();
        foreach (var set in sets.Distinct(StringComparer.Ordinal))
        {
            var options = new HyperVHostMetricsOptions { ScaleSetName = set };
            options.Polling.Interval = polling.Interval;
            options.Polling.Timeout = polling.Timeout;
            options.Polling.MaxRetryAttempts = polling.MaxRetryAttempts;
            options.Polling.RetryDelay = polling.RetryDelay;
            if (options.Validate("HyperV") is { Count: > 0 } problems)
            {
                throw new CliError(string.Join(" ", problems).Replace("HyperV:ScaleSetName", "--hyperv", StringComparison.Ordinal));
            }

            var source = new HyperVHostMetricSource(options, runner, time);
            sources.Add(new RecordedSource(source, source.PollAsync, source));
        }

        return sources;
    }
}
