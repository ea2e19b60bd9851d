using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ScaleSets.HyperV.Metrics;
using ScaleSets.HyperV.Runner;
using ScaleSets.Metrics;

namespace ScaleSets.Hosting.Sources;

/// <summary>
/// <c>"Type": "HyperV"</c>: a <see cref="HyperVHostMetricSource"/> for the scale set's VMs. Keys: <c>ScaleSetName</c> (the
/// scale set's name when left out), <c>SourceName</c>, <c>ScriptDirectory</c>. Scripts run through the registered
/// <see cref="IPowerShellRunner"/>, or a <see cref="PowerShellProcessRunner"/> with the registered options.
/// </summary>
internal sealed class HyperVMetricSourceType : IMetricSourceType
{
    public string Name => "HyperV";

    public IReadOnlyList<string> Validate(MetricSourceConfiguration source, IServiceProvider services)
    {
        var (options, problems) = Read(source);
        return [.. problems, .. options.Validate(source.Path)];
    }

    public IObservable<MetricSample> Create(MetricSourceConfiguration source, IServiceProvider services)
    {
        var runner = services.GetService<IPowerShellRunner>()
            ?? new PowerShellProcessRunner(services.GetService<IOptions<PowerShellProcessRunnerOptions>>()?.Value ?? new PowerShellProcessRunnerOptions());
        return new HyperVHostMetricSource(Read(source).Options, runner, services.GetRequiredService<TimeProvider>());
    }

    private static (HyperVHostMetricsOptions Options, IReadOnlyList<string> Problems) Read(MetricSourceConfiguration source)
    {
        var entry = new Entry();
        var problems = source.Bind(entry);
        var options = new HyperVHostMetricsOptions
        {
            ScaleSetName = entry.ScaleSetName ?? source.ScaleSet,
            SourceName = entry.SourceName,
            ScriptDirectory = entry.ScriptDirectory,
        };
        source.CopyPolling(options.Polling, keepDefaultTimeout: true);
        return (options, problems);
    }

    /// <summary>The entry's own keys.</summary>
    private sealed class Entry
    {
        public string? ScaleSetName { get; set; }

        public string? SourceName { get; set; }

        public string? ScriptDirectory { get; set; }
    }
}
