using System.Globalization;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using ScaleSets.Metrics;

namespace ScaleSets.Sources;

/// <summary>
/// A metric source that reads a system at an interval: each poll runs an <see cref="IMetricPoller"/> with a timeout per
/// attempt and retries with exponential backoff (Polly), delivers the samples to every observer, and reports the outcome
/// on <see cref="Status"/>. A failing poll never throws into an observer: the source turns unavailable, which the engine
/// turns into missing data for the rules fed only by it, and recovers at the next poll that succeeds.
/// </summary>
/// <remarks>
/// <para>
/// Time comes only from the <see cref="TimeProvider"/> given (virtual time in tests). Polling starts when the first
/// observer of samples subscribes and stops when the last one leaves; polls run on multiples of
/// <see cref="PolledMetricSourceOptions.Interval"/> since the Unix epoch, never two at once: a poll that overruns its
/// interval makes the source skip the boundaries it missed. <see cref="PollAsync"/> polls once on demand.
/// </para>
/// <para>
/// Observers are called one at a time, outside any lock of the source, from the thread that completed the poll; an
/// observer that throws is reported in the next status's problems and keeps receiving samples.
/// </para>
/// </remarks>
public sealed class PolledMetricSource : IMetricSource, IDisposable
{
    private readonly Lock _gate = new();
    private readonly IMetricPoller _poller;
    private readonly TimeProvider _timeProvider;
    private readonly PolledMetricSourceOptions _options;
    private readonly ResiliencePipeline _pipeline;
    private readonly SemaphoreSlim _polling = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly StatusStream _status;
    private IObserver<MetricSample>[] _observers = [];
    private List<string>? _observerFaults;
    private ITimer? _timer;
    private MetricSourceStatus? _lastStatus;
    private int _failures;
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="PolledMetricSource"/> class.</summary>
    /// <param name="name">The source's name in events, logs and explanations.</param>
    /// <param name="poller">Reads the system once per poll.</param>
    /// <param name="options">The interval, timeout and retries; the defaults when <see langword="null"/>. Copied.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The name is empty, or an option is invalid (the message names each).</exception>
    public PolledMetricSource(string name, IMetricPoller poller, PolledMetricSourceOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(poller);
        options ??= new PolledMetricSourceOptions();
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        Name = name;
        _poller = poller;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _options = new PolledMetricSourceOptions
        {
            Interval = options.Interval,
            Timeout = options.Timeout,
            MaxRetryAttempts = options.MaxRetryAttempts,
            RetryDelay = options.RetryDelay,
        };
        _pipeline = BuildPipeline(_options, _timeProvider, _stopping.Token);
        _status = new StatusStream(this);
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public IObservable<MetricSourceStatus> Status => _status;

    /// <summary>Gets the status of the last poll, or <see langword="null"/> before the first one ended.</summary>
    public MetricSourceStatus? LastStatus
    {
        get
        {
            lock (_gate)
            {
                return _lastStatus;
            }
        }
    }

    /// <summary>Gets the interval between polls.</summary>
    public TimeSpan Interval => _options.Interval;

    /// <inheritdoc/>
    public IDisposable Subscribe(IObserver<MetricSample> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _observers = [.. _observers, observer];
            if (_timer is null)
            {
                _timer = _timeProvider.CreateTimer(static state => ((PolledMetricSource)state!).OnTimer(), this, DueIn(_timeProvider.GetUtcNow()), Timeout.InfiniteTimeSpan);
            }
        }

        return new Subscription(this, observer);
    }

    /// <summary>
    /// Polls once now (waiting for a poll in progress to end first), delivers the samples to the observers and reports the
    /// status. The periodic polls call this too.
    /// </summary>
    /// <param name="cancellationToken">Cancels the poll; a cancelled poll delivers nothing and reports nothing.</param>
    /// <returns>The poll's status.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<MetricSourceStatus> PollAsync(CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        var token = linked.Token;
        await _polling.WaitAsync(token).ConfigureAwait(false);
        try
        {
            var now = _timeProvider.GetUtcNow();
            MetricPoll poll;
            string? error = null;
            var attempts = 0;
            try
            {
                poll = await _pipeline.ExecuteAsync(
                    async (state, ct) =>
                    {
                        Interlocked.Increment(ref attempts);
                        return await state._poller.PollAsync(state._timeProvider.GetUtcNow(), ct).ConfigureAwait(false);
                    },
                    this,
                    token).ConfigureAwait(false) ?? MetricPoll.Empty;
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // Any failure of the system polled becomes the source's error, never an exception in the engine.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                poll = MetricPoll.Empty;
                error = Describe(ex, attempts);
            }

            var delivered = Deliver(poll.Samples);
            return Report(poll, delivered, error);
        }
        finally
        {
            _polling.Release();
        }
    }

    /// <summary>Stops polling and completes every observer (the engine then treats the series fed only by this source as missing).</summary>
    public void Dispose()
    {
        IObserver<MetricSample>[] observers;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            observers = _observers;
            _observers = [];
            _timer?.Dispose();
            _timer = null;
        }

        _stopping.Cancel();
        foreach (var observer in observers)
        {
            observer.OnCompleted();
        }

        _status.Complete();
        _stopping.Dispose();
    }

    private static ResiliencePipeline BuildPipeline(PolledMetricSourceOptions options, TimeProvider timeProvider, CancellationToken stopping)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => !(ex is OperationCanceledException && stopping.IsCancellationRequested)),
            });
        }

        return builder.AddTimeout(options.Timeout).Build();
    }

    private static string Describe(Exception error, int attempts)
    {
        var what = error is TimeoutRejectedException
            ? "the poll timed out"
            : error.Message;
        return string.Create(CultureInfo.InvariantCulture, $"{what} ({attempts} attempt{(attempts == 1 ? "" : "s")})");
    }

    private TimeSpan DueIn(DateTimeOffset now)
    {
        var interval = _options.Interval.Ticks;
        var next = ((now.UtcTicks / interval) + 1) * interval;
        return TimeSpan.FromTicks(next - now.UtcTicks);
    }

    private void OnTimer() => _ = PollFromTimerAsync();

    private async Task PollFromTimerAsync()
    {
        try
        {
            await PollAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        finally
        {
            lock (_gate)
            {
                _timer?.Change(DueIn(_timeProvider.GetUtcNow()), Timeout.InfiniteTimeSpan);
            }
        }
    }

    private int Deliver(IReadOnlyList<MetricSample> samples)
    {
        IObserver<MetricSample>[] observers;
        lock (_gate)
        {
            observers = _observers;
        }

        if (observers.Length == 0)
        {
            return samples.Count;
        }

        for (var i = 0; i < samples.Count; i++)
        {
            var sample = samples[i];
            foreach (var observer in observers)
            {
                try
                {
                    observer.OnNext(sample);
                }
#pragma warning disable CA1031 // An observer's bug must not stop the others or the polling.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    lock (_gate)
                    {
                        (_observerFaults ??= []).Add($"{Name}: an observer threw {ex.GetType().Name} on metric '{sample.Metric}': {ex.Message}");
                    }
                }
            }
        }

        return samples.Count;
    }

    private MetricSourceStatus Report(MetricPoll poll, int delivered, string? error)
    {
        MetricSourceStatus status;
        lock (_gate)
        {
            _failures = error is null ? 0 : _failures + 1;
            IReadOnlyList<string> problems = poll.Problems;
            if (_observerFaults is { Count: > 0 } faults)
            {
                problems = [.. poll.Problems, .. faults];
                _observerFaults = null;
            }

            status = new MetricSourceStatus(
                Name,
                _timeProvider.GetUtcNow(),
                error is null ? MetricSourceHealth.Healthy : MetricSourceHealth.Unavailable,
                delivered,
                error,
                problems,
                _failures);
            _lastStatus = status;
        }

        _status.Publish(status);
        return status;
    }

    private void Unsubscribe(IObserver<MetricSample> observer)
    {
        lock (_gate)
        {
            var index = Array.IndexOf(_observers, observer);
            if (index < 0)
            {
                return;
            }

            _observers = [.. _observers[..index], .. _observers[(index + 1)..]];
            if (_observers.Length == 0)
            {
                _timer?.Dispose();
                _timer = null;
            }
        }
    }

    private sealed class Subscription(PolledMetricSource owner, IObserver<MetricSample> observer) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Unsubscribe(observer);
            }
        }
    }

    /// <summary>The status stream: observers are called one at a time, outside the source's lock.</summary>
    private sealed class StatusStream(PolledMetricSource owner) : IObservable<MetricSourceStatus>
    {
        private IObserver<MetricSourceStatus>[] _observers = [];

        public IDisposable Subscribe(IObserver<MetricSourceStatus> observer)
        {
            ArgumentNullException.ThrowIfNull(observer);
            lock (owner._gate)
            {
                _observers = [.. _observers, observer];
            }

            return new StatusSubscription(this, observer);
        }

        public void Publish(MetricSourceStatus status)
        {
            IObserver<MetricSourceStatus>[] observers;
            lock (owner._gate)
            {
                observers = _observers;
            }

            foreach (var observer in observers)
            {
                try
                {
                    observer.OnNext(status);
                }
#pragma warning disable CA1031 // A status observer's bug must not stop the polling.
                catch (Exception)
#pragma warning restore CA1031
                {
                    // Reported nowhere else: the status is what would carry it.
                }
            }
        }

        public void Complete()
        {
            IObserver<MetricSourceStatus>[] observers;
            lock (owner._gate)
            {
                observers = _observers;
                _observers = [];
            }

            foreach (var observer in observers)
            {
                observer.OnCompleted();
            }
        }

        public void Remove(IObserver<MetricSourceStatus> observer)
        {
            lock (owner._gate)
            {
                var index = Array.IndexOf(_observers, observer);
                if (index >= 0)
                {
                    _observers = [.. _observers[..index], .. _observers[(index + 1)..]];
                }
            }
        }
    }

    private sealed class StatusSubscription(StatusStream stream, IObserver<MetricSourceStatus> observer) : IDisposable
    {
        public void Dispose() => stream.Remove(observer);
    }
}
