using ScaleSets.HyperV.Runner;
using ScaleSets.HyperV.Scripting;
using ScaleSets.Metrics;
using ScaleSets.Sources;

namespace ScaleSets.HyperV.Metrics;

/// <summary>
/// Host metrics of a scale set's Hyper-V VMs, as the hypervisor measures them (<see cref="MetricSourceKind.Host"/>): CPU
/// (<c>% Guest Run Time</c> of the VM's virtual processors), memory assigned and demanded, network bytes per second; see
/// <see cref="HyperVHostMetricNames"/>. Each poll is one run of the shipped <c>Get-ScaleSetVMMetrics.ps1</c> for the whole
/// set through the <see cref="IPowerShellRunner"/>, with the request on standard input (nothing interpolated into script
/// text). Samples are per instance (the VM id, the compute provider's instance id), for running VMs the set owns.
/// Polling, timeouts, retries and health are a <see cref="PolledMetricSource"/>'s.
/// </summary>
public sealed class HyperVHostMetricSource : IMetricSource, IDisposable
{
    private readonly PolledMetricSource _source;

    /// <summary>Initializes a new instance of the <see cref="HyperVHostMetricSource"/> class.</summary>
    /// <param name="options">The scale set and the polling; validated.</param>
    /// <param name="runner">Runs the script, for example a <see cref="PowerShellProcessRunner"/>.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are invalid (the message names every problem).</exception>
    public HyperVHostMetricSource(HyperVHostMetricsOptions options, IPowerShellRunner runner, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(runner);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        var copy = new HyperVHostMetricsOptions { ScaleSetName = options.ScaleSetName, SourceName = options.SourceName, ScriptDirectory = options.ScriptDirectory };
        timeProvider ??= TimeProvider.System;
        var caller = new ScriptCaller(runner, new ScriptLibrary(options.ScriptDirectory), timeProvider, options.Polling.Timeout, maxConcurrent: 1, maxRequestBytes: 64 * 1024);
        _source = new PolledMetricSource(copy.Name, new HyperVHostPoller(copy, caller), options.Polling, timeProvider);
    }

    /// <inheritdoc/>
    public string Name => _source.Name;

    /// <inheritdoc/>
    public IObservable<MetricSourceStatus> Status => _source.Status;

    /// <summary>Gets the status of the last poll, or <see langword="null"/> before the first one ended.</summary>
    public MetricSourceStatus? LastStatus => _source.LastStatus;

    /// <inheritdoc/>
    public IDisposable Subscribe(IObserver<MetricSample> observer) => _source.Subscribe(observer);

    /// <summary>Polls once now; see <see cref="PolledMetricSource.PollAsync"/>.</summary>
    /// <param name="cancellationToken">Cancels the poll.</param>
    /// <returns>The poll's status.</returns>
    public Task<MetricSourceStatus> PollAsync(CancellationToken cancellationToken = default) => _source.PollAsync(cancellationToken);

    /// <summary>Stops polling and completes the observers.</summary>
    public void Dispose() => _source.Dispose();
}
