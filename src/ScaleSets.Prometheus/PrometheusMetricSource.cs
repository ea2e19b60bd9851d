using ScaleSets.Metrics;
using ScaleSets.Sources;

namespace ScaleSets.Prometheus;

/// <summary>
/// Metric samples from Prometheus: at every poll each <see cref="PrometheusQuery"/> is evaluated as a PromQL instant query
/// (<c>/api/v1/query</c>, at the poll's time on the injected <see cref="TimeProvider"/>); an instant vector becomes
/// per-instance samples, the instance named by a label and matched to the scale set's instances; a scalar or a single
/// series becomes a set-level sample. Polling, timeouts, retries and health are a <see cref="PolledMetricSource"/>'s: a
/// failing Prometheus turns the source unavailable, never an exception in the engine.
/// </summary>
public sealed class PrometheusMetricSource : IMetricSource, IDisposable
{
    private readonly PolledMetricSource _source;
    private readonly HttpClient? _ownedClient;

    /// <summary>Initializes a new instance of the <see cref="PrometheusMetricSource"/> class.</summary>
    /// <param name="options">The server, queries and instance mapping; validated, then copied.</param>
    /// <param name="httpClient">
    /// The client to send queries with (yours to configure and dispose: authentication headers, a handler, a proxy); when
    /// <see langword="null"/>, the source creates one and disposes it with itself.
    /// </param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are invalid (the message names every problem).</exception>
    public PrometheusMetricSource(PrometheusMetricsOptions options, HttpClient? httpClient = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        var copy = options.Clone();
        if (httpClient is null)
        {
            // The poll's timeout is the source's (Polly); the client's own would only mask it.
            _ownedClient = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            httpClient = _ownedClient;
        }

        _source = new PolledMetricSource(copy.SourceName, new PrometheusPoller(copy, httpClient), copy.Polling, timeProvider);
    }

    /// <inheritdoc/>
    public string Name => _source.Name;

    /// <inheritdoc/>
    public IObservable<MetricSourceStatus> Status => _source.Status;

    /// <summary>Gets the status of the last poll, or <see langword="null"/> before the first one ended.</summary>
    public MetricSourceStatus? LastStatus => _source.LastStatus;

    /// <inheritdoc/>
    public IDisposable Subscribe(IObserver<MetricSample> observer) => _source.Subscribe(observer);

    /// <summary>Polls once now and delivers the samples to the observers; see <see cref="PolledMetricSource.PollAsync"/>.</summary>
    /// <param name="cancellationToken">Cancels the poll.</param>
    /// <returns>The poll's status.</returns>
    public Task<MetricSourceStatus> PollAsync(CancellationToken cancellationToken = default) => _source.PollAsync(cancellationToken);

    /// <summary>Stops polling, completes the observers and disposes the HTTP client the source created.</summary>
    public void Dispose()
    {
        _source.Dispose();
        _ownedClient?.Dispose();
    }
}
