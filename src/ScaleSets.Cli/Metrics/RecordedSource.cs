using ScaleSets.Sources;

namespace ScaleSets.Cli.Metrics;

/// <summary>
/// A source <c>scalesets metrics</c> records: its samples and status, a first poll on demand, and what to dispose at the
/// end. The shipped sources share these members without sharing a type (<see cref="PolledMetricSource"/>, the Prometheus
/// and Hyper-V wrappers around one), so each kind of option wraps its own here.
/// </summary>
internal sealed class RecordedSource(IMetricSource source, Func<CancellationToken, Task<MetricSourceStatus>> poll, IDisposable owner) : IDisposable
{
    public IMetricSource Source => source;

    public static RecordedSource Of(PolledMetricSource source) => new(source, source.PollAsync, source);

    public Task<MetricSourceStatus> PollAsync(CancellationToken cancellationToken) => poll(cancellationToken);

    public void Dispose() => owner.Dispose();
}
