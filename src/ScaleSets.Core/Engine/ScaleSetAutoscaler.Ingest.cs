using System.Globalization;
using System.Reactive.Disposables;
using ScaleSets.Metrics;
using ScaleSets.Series;
using ScaleSets.Sources;

namespace ScaleSets.Engine;

/// <summary>
/// The autoscaler's metric intake: samples pushed by its sources or ingested directly, rejected samples reported, sources' status and end observed.
/// </summary>
public sealed partial class ScaleSetAutoscaler
{
    /// <summary>Gets what happened to the samples this scale set received.</summary>
    public IngestStatistics Statistics
    {
        get
        {
            lock (_gate)
            {
                var s = _store;
                return new IngestStatistics(
                    s.Count(IngestOutcome.Accepted),
                    s.Count(IngestOutcome.Unmatched),
                    s.Count(IngestOutcome.Late),
                    s.Count(IngestOutcome.InFuture),
                    s.Count(IngestOutcome.NotFinite),
                    s.Count(IngestOutcome.OutOfRange),
                    s.Count(IngestOutcome.MissingMetricName),
                    s.Count(IngestOutcome.WarmingUp),
                    _faulted,
                    _completed);
            }
        }
    }

    /// <summary>
    /// Adds a metric source. Samples are ingested as they arrive; an error or completion is reported and the series it alone
    /// fed then report missing data. When the source is an <see cref="IMetricSource"/>, its status is watched too: an
    /// unavailable source is reported (<see cref="AutoscaleEngineEventKind.SourceUnavailable"/>), the series it alone fed
    /// report missing data at once, decisions with missing data name it and its error, and its recovery is reported.
    /// </summary>
    /// <param name="source">The source.</param>
    /// <returns>A subscription; dispose it to stop ingesting from the source.</returns>
    public IDisposable AddSource(IObservable<MetricSample> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        int index;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            index = _sourceCount++;
            if (source is IMetricSource named)
            {
                (_sourceNames ??= [])[index] = named.Name;
            }
        }

        var status = (source as IMetricSource)?.Status.Subscribe(new StatusObserver(this, index));
        var observer = new SourceObserver(this, index);
        IDisposable subscription;
        try
        {
            subscription = source.Subscribe(observer);
        }
        catch
        {
            status?.Dispose();

            // Whatever the source pushed before it threw is let go with it: the series it alone fed report missing data.
            lock (_gate)
            {
                observer.Terminated = true;
                _store.OnSourceTerminated(index);
            }

            throw;
        }

        if (status is not null)
        {
            subscription = new CompositeDisposable(subscription, status);
        }

        _subscriptions.Add(subscription);
        return Disposable.Create(() => _subscriptions.Remove(subscription));
    }

    /// <summary>Ingests one sample directly, as if it came from a source; all direct calls share source index 0.</summary>
    /// <param name="sample">The sample.</param>
    public void Ingest(in MetricSample sample) => IngestCore(sample, null);

    /// <summary>
    /// Ingests samples directly, in order, as if each came from a source (source index 0), reading the clock and taking the
    /// lock once for all of them: for an agent or a simulation that reports a whole fleet's samples at a time. A bad sample
    /// is reported and skipped as with <see cref="Ingest(in MetricSample)"/>; the others are still ingested.
    /// </summary>
    /// <param name="samples">The samples.</param>
    public void Ingest(ReadOnlySpan<MetricSample> samples)
    {
        if (samples.IsEmpty)
        {
            return;
        }

        var now = _engine.Now;
        List<(int Index, IngestOutcome Outcome, Exception? Error)>? rejected = null;
        lock (_gate)
        {
            for (var i = 0; i < samples.Length; i++)
            {
                try
                {
                    var outcome = _store.Ingest(samples[i], now, 0);
                    ObserveInstance(samples[i], outcome);
                    if (IsRejection(outcome))
                    {
                        (rejected ??= []).Add((i, outcome, null));
                    }
                }
#pragma warning disable CA1031 // A bad sample must never stop the others of the batch.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    (rejected ??= []).Add((i, default, ex));
                }
            }
        }

        if (rejected is null)
        {
            return;
        }

        foreach (var (i, outcome, error) in rejected)
        {
            PublishRejection(samples[i], outcome, error, now, 0);
        }
    }

    private void ObserveInstance(in MetricSample sample, IngestOutcome outcome)
    {
        if (_census is not null && outcome == IngestOutcome.Accepted && sample.Instance is { } instance)
        {
            _census.Observe(sample.Metric, instance, sample.Timestamp.UtcTicks);
        }
    }

    /// <summary>Ingests a sample from <paramref name="source"/> (null for direct ingestion, source index 0).</summary>
    private void IngestCore(in MetricSample sample, SourceObserver? source)
    {
        IngestOutcome outcome;
        DateTimeOffset now = _engine.Now;
        var sourceIndex = source?.Index ?? 0;
        try
        {
            lock (_gate)
            {
                if (source is { Terminated: true })
                {
                    // A source that pushes after its end breaks Rx's grammar (threads racing its OnError); its end stands.
                    return;
                }

                outcome = _store.Ingest(sample, now, sourceIndex);
                ObserveInstance(sample, outcome);
            }
        }
#pragma warning disable CA1031 // A bad sample must never tear down the source's pipeline.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            PublishRejection(sample, default, ex, now, sourceIndex);
            return;
        }

        if (IsRejection(outcome))
        {
            PublishRejection(sample, outcome, null, now, sourceIndex);
        }
    }

    /// <summary>Whether the store turned a sample away (a sample no rule uses, or one from a warming-up instance, is not).</summary>
    private static bool IsRejection(IngestOutcome outcome) =>
        outcome is not (IngestOutcome.Accepted or IngestOutcome.Unmatched or IngestOutcome.WarmingUp);

    /// <summary>Reports a sample the store rejected (<paramref name="outcome"/>) or failed on (<paramref name="error"/>).</summary>
    private void PublishRejection(in MetricSample sample, IngestOutcome outcome, Exception? error, DateTimeOffset now, int sourceIndex)
    {
        if (error is not null)
        {
            _engine.Publish(new AutoscaleEngineEvent(now, Name, AutoscaleEngineEventKind.SampleRejected, $"scale set '{Name}': sample of '{sample.Metric}' could not be ingested: {error.Message}", sourceIndex, sample, error));
        }
        else if (_engine.HasEventObservers)
        {
            _engine.Publish(new AutoscaleEngineEvent(now, Name, AutoscaleEngineEventKind.SampleRejected, DescribeRejection(sample, outcome, sourceIndex), sourceIndex, sample));
        }
    }

    private string DescribeRejection(in MetricSample sample, IngestOutcome outcome, int sourceIndex)
    {
        var options = _engine.Options;
        var what = string.Create(CultureInfo.InvariantCulture, $"scale set '{Name}', source {SourceLabel(sourceIndex)}, metric '{sample.Metric}'{(sample.Instance is null ? "" : $" from instance '{sample.Instance}'")} at {sample.Timestamp.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}");
        return outcome switch
        {
            IngestOutcome.NotFinite => string.Create(CultureInfo.InvariantCulture, $"{what}: value {sample.Value} is not a finite number; sample rejected"),
            IngestOutcome.OutOfRange => string.Create(CultureInfo.InvariantCulture, $"{what}: value {sample.Value} is outside the valid range {options.GetRange(sample.Metric)}; sample rejected"),
            IngestOutcome.Late => string.Create(CultureInfo.InvariantCulture, $"{what}: older than the allowed lateness of {options.MaxSampleLateness}; sample dropped"),
            IngestOutcome.InFuture => string.Create(CultureInfo.InvariantCulture, $"{what}: more than {options.MaxClockSkew} in the future; sample rejected"),
            IngestOutcome.MissingMetricName => string.Create(CultureInfo.InvariantCulture, $"scale set '{Name}', source {SourceLabel(sourceIndex)}: sample without a metric name rejected"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{what}: {outcome}"),
        };
    }

    /// <summary>The name of source <paramref name="sourceIndex"/> in messages: its own name, or its number.</summary>
    private string SourceLabel(int sourceIndex)
    {
        lock (_gate)
        {
            return _sourceNames is not null && _sourceNames.TryGetValue(sourceIndex, out var name)
                ? string.Create(CultureInfo.InvariantCulture, $"'{name}'")
                : string.Create(CultureInfo.InvariantCulture, $"{sourceIndex}");
        }
    }

    private void OnSourceStatus(int sourceIndex, MetricSourceStatus status)
    {
        AutoscaleEngineEventKind? change = null;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var wasOut = _outages is not null && _outages.ContainsKey(sourceIndex);
            if (status.Health == MetricSourceHealth.Unavailable)
            {
                var since = wasOut ? _outages![sourceIndex].Since : status.Time;
                (_outages ??= [])[sourceIndex] = new MetricSourceOutage(status.Source, since, status.Error ?? "unavailable");
                if (!wasOut)
                {
                    _store.OnSourceTerminated(sourceIndex);
                    change = AutoscaleEngineEventKind.SourceUnavailable;
                }
            }
            else if (wasOut)
            {
                _outages!.Remove(sourceIndex);
                change = AutoscaleEngineEventKind.SourceRecovered;
            }
        }

        var now = _engine.Now;
        if (change == AutoscaleEngineEventKind.SourceUnavailable)
        {
            _engine.Publish(new AutoscaleEngineEvent(now, Name, AutoscaleEngineEventKind.SourceUnavailable, string.Create(CultureInfo.InvariantCulture, $"scale set '{Name}': metric source '{status.Source}' is unavailable: {status.Error}; the series it alone fed now report missing data"), sourceIndex));
        }
        else if (change == AutoscaleEngineEventKind.SourceRecovered)
        {
            _engine.Publish(new AutoscaleEngineEvent(now, Name, AutoscaleEngineEventKind.SourceRecovered, string.Create(CultureInfo.InvariantCulture, $"scale set '{Name}': metric source '{status.Source}' recovered ({status.Samples} sample(s) in its last poll)"), sourceIndex));
        }

        const int MaxProblemEvents = 10;
        for (var i = 0; i < status.Problems.Count && i < MaxProblemEvents; i++)
        {
            _engine.Publish(new AutoscaleEngineEvent(now, Name, AutoscaleEngineEventKind.SourceProblem, string.Create(CultureInfo.InvariantCulture, $"scale set '{Name}': metric source '{status.Source}': {status.Problems[i]}"), sourceIndex));
        }

        if (status.Problems.Count > MaxProblemEvents)
        {
            _engine.Publish(new AutoscaleEngineEvent(now, Name, AutoscaleEngineEventKind.SourceProblem, string.Create(CultureInfo.InvariantCulture, $"scale set '{Name}': metric source '{status.Source}': {status.Problems.Count - MaxProblemEvents} more problem(s) in the same poll"), sourceIndex));
        }
    }

    private void OnSourceTerminated(SourceObserver source, Exception? error)
    {
        var sourceIndex = source.Index;
        lock (_gate)
        {
            if (source.Terminated)
            {
                // Only the first end counts and is reported.
                return;
            }

            source.Terminated = true;
            _store.OnSourceTerminated(sourceIndex);
            if (error is null)
            {
                _completed++;
            }
            else
            {
                _faulted++;
            }
        }

        var now = _engine.Now;
        _engine.Publish(error is null
            ? new AutoscaleEngineEvent(now, Name, AutoscaleEngineEventKind.SourceCompleted, $"scale set '{Name}': metric source {SourceLabel(sourceIndex)} completed; the series it alone fed now report missing data", sourceIndex)
            : new AutoscaleEngineEvent(now, Name, AutoscaleEngineEventKind.SourceFaulted, $"scale set '{Name}': metric source {SourceLabel(sourceIndex)} faulted: {error.Message}; the series it alone fed now report missing data", sourceIndex, Exception: error));
    }

    /// <summary>The engine's door for one source: every call is serialized by the owner's lock, where <see cref="Terminated"/> is read and written.</summary>
    private sealed class SourceObserver(ScaleSetAutoscaler owner, int index) : IObserver<MetricSample>
    {
        public int Index => index;

        /// <summary>Gets or sets whether the source has ended; guarded by the owner's lock.</summary>
        public bool Terminated { get; set; }

        public void OnNext(MetricSample value) => owner.IngestCore(value, this);

        public void OnError(Exception error) => owner.OnSourceTerminated(this, error);

        public void OnCompleted() => owner.OnSourceTerminated(this, null);
    }

    private sealed class StatusObserver(ScaleSetAutoscaler owner, int index) : IObserver<MetricSourceStatus>
    {
        public void OnNext(MetricSourceStatus value) => owner.OnSourceStatus(index, value);

        public void OnError(Exception error)
        {
            // The samples' stream reports the source's end; its status stream has nothing to add.
        }

        public void OnCompleted()
        {
        }
    }
}
