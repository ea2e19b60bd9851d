using ScaleSets.Metrics;

namespace ScaleSets.Sources.Meters;

/// <summary>
/// Metric samples from the application's own <see cref="System.Diagnostics.Metrics"/> instruments (a queue-length gauge,
/// a request counter, a latency histogram), read in process through a <see cref="System.Diagnostics.Metrics.MeterListener"/>:
/// an application that embeds the library scales on what it already measures, as OpenTelemetry users instrument. What
/// each kind of instrument becomes is described on <see cref="MeterInstrument"/>. Samples are reported every
/// <see cref="PolledMetricSourceOptions.Interval"/> on the injected <see cref="TimeProvider"/>, like every
/// <see cref="PolledMetricSource"/>.
/// </summary>
/// <remarks>
/// Listening starts when the source is created: a counter's first rate covers the time since then. Each distinct set of
/// tags of an instrument is its own series; the tag named by <see cref="MeterInstrument.InstanceTag"/> is the instance
/// id, the others the dimensions. A value that is not a finite number (or a counter's negative increment), a
/// measurement without the instance tag, and an instrument never created are reported as problems.
/// </remarks>
public sealed class MeterMetricSource : IMetricSource, IDisposable
{
    private readonly PolledMetricSource _source;
    private readonly MeterPoller _poller;

    /// <summary>Initializes a new instance of the <see cref="MeterMetricSource"/> class and starts listening.</summary>
    /// <param name="options">The instruments and the interval; validated, then read once.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are invalid (the message names every problem).</exception>
    public MeterMetricSource(MeterMetricsOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        timeProvider ??= TimeProvider.System;
        var copy = new MeterMetricsOptions { SourceName = options.SourceName, MaxHistogramValues = options.MaxHistogramValues };
        foreach (var instrument in options.Instruments)
        {
            copy.Instruments.Add(new MeterInstrument
            {
                MeterName = instrument.MeterName,
                InstrumentName = instrument.InstrumentName,
                Metric = instrument.Metric,
                Source = instrument.Source,
                InstanceTag = instrument.InstanceTag,
                HistogramAggregation = instrument.HistogramAggregation,
                Percentile = instrument.Percentile,
            });
        }

        _poller = new MeterPoller(copy, timeProvider.GetUtcNow());
        _source = new PolledMetricSource(copy.SourceName, _poller, options.Polling, timeProvider);
    }

    /// <inheritdoc/>
    public string Name => _source.Name;

    /// <inheritdoc/>
    public IObservable<MetricSourceStatus> Status => _source.Status;

    /// <summary>Gets the status of the last poll, or <see langword="null"/> before the first one ended.</summary>
    public MetricSourceStatus? LastStatus => _source.LastStatus;

    /// <inheritdoc/>
    public IDisposable Subscribe(IObserver<MetricSample> observer) => _source.Subscribe(observer);

    /// <summary>Reports now what was recorded since the previous poll; see <see cref="PolledMetricSource.PollAsync"/>.</summary>
    /// <param name="cancellationToken">Cancels the poll.</param>
    /// <returns>The poll's status.</returns>
    public Task<MetricSourceStatus> PollAsync(CancellationToken cancellationToken = default) => _source.PollAsync(cancellationToken);

    /// <summary>Stops listening and polling, and completes the observers.</summary>
    public void Dispose()
    {
        _source.Dispose();
        _poller.Dispose();
    }
}
