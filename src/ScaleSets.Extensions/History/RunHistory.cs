using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ScaleSets.Control;
using ScaleSets.Policy;

namespace ScaleSets.History;

/// <summary>
/// The run history's write side and query side over one <see cref="IRunHistoryStore"/>. Recording puts the item in a
/// bounded channel and returns: a decision's explanation is written out by the background writer, not on the evaluation
/// path; when the channel is full its oldest item is dropped and counted. The one writer takes up to a batch at a time,
/// appends it in a transaction, and trims the store to the retention period and the size bound at start, every
/// <see cref="RunHistoryOptions.TrimInterval"/> after a write, and at stop. A write
/// that fails loses its batch (counted, logged with the database and the error); the writer goes on with the next.
/// </summary>
internal sealed class RunHistory : IRunHistory, IDisposable
{
    /// <summary>How often a failing database is logged at most; every failure is counted.</summary>
    private static readonly TimeSpan FailureLogInterval = TimeSpan.FromMinutes(1);

    private readonly IRunHistoryStore? _store;
    private readonly RunHistoryOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<object> _channel;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _errorGate = new();
    private readonly Meter? _meter;
    private long _recorded;
    private long _written;
    private long _dropped;
    private long _failed;
    private long _trimmed;
    private long _droppedReported;
    private string? _lastError;
    private DateTimeOffset? _lastErrorTime;
    private DateTimeOffset? _lastFailureLogged;
    private DateTimeOffset? _lastTrim;
    private bool _initialized;
    private readonly TaskCompletionSource _firstInitialization = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposed;
    private bool _failing;
    private Task? _writer;

    /// <summary>Initializes a new instance of the <see cref="RunHistory"/> class.</summary>
    /// <param name="store">The store, or <see langword="null"/> when the history is disabled.</param>
    /// <param name="options">The options, validated.</param>
    /// <param name="time">The clock of the retention period.</param>
    /// <param name="logger">Where failures and drops are logged.</param>
    /// <param name="meterFactory">Creates the <c>ScaleSets</c> meter for the history's instruments, or <see langword="null"/>.</param>
    public RunHistory(IRunHistoryStore? store, RunHistoryOptions options, TimeProvider time, ILogger? logger = null, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _store = store;
        _options = options;
        _time = time;
        _logger = logger ?? NullLogger.Instance;
        _channel = Channel.CreateBounded<object>(
            new BoundedChannelOptions(options.QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = false },
            _ => Interlocked.Increment(ref _dropped));
        if (meterFactory is not null)
        {
            _meter = meterFactory.Create(RunHistoryConstants.MeterName);
            _meter.CreateObservableCounter(RunHistoryConstants.EntriesInstrument, ObserveEntries, "{entry}", "Run history entries by outcome: written, dropped (queue full), failed (database refused), trimmed.");
            _meter.CreateObservableGauge(RunHistoryConstants.PendingInstrument, () => Status.Pending, "{entry}", "Run history entries waiting for the database.");
        }
    }

    /// <inheritdoc/>
    public string Description => _store?.Description ?? "the run history (disabled)";

    /// <summary>Gets whether the history is kept (a store is configured).</summary>
    public bool IsEnabled => _store is not null;

    /// <inheritdoc/>
    public RunHistoryStatus Status
    {
        get
        {
            lock (_errorGate)
            {
                return new RunHistoryStatus(
                    Interlocked.Read(ref _recorded),
                    Interlocked.Read(ref _written),
                    Interlocked.Read(ref _dropped),
                    Interlocked.Read(ref _failed),
                    Interlocked.Read(ref _trimmed),
                    _lastError,
                    _lastErrorTime);
            }
        }
    }

    /// <summary>Gets the background writer, once started (tests await it after <see cref="Complete"/>).</summary>
    internal Task Writer => _writer ?? Task.CompletedTask;

    /// <inheritdoc/>
    public void Record(RunHistoryEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Enqueue(entry);
    }

    /// <summary>Queues a decision; its explanation is made by the writer, off the evaluation path.</summary>
    public void Record(ScaleDecision decision) => Enqueue(decision);

    /// <summary>Gets the options the history runs with.</summary>
    internal RunHistoryOptions Options => _options;

    /// <summary>Queues a controller event.</summary>
    public void Record(ControllerEvent controllerEvent) => Enqueue(controllerEvent);

    /// <summary>Queues an evaluation's numbers for the chart; its JSON is made by the writer.</summary>
    public void Record(RunHistoryEvaluation evaluation) => Enqueue(evaluation);

    /// <inheritdoc/>
    public async Task<IReadOnlyList<RunHistoryEntry>> QueryAsync(RunHistoryQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        if (_store is null)
        {
            throw new RunHistoryUnavailableException("The run history is disabled (scaleSets.DisableHistory() or ScaleSets:History:Enabled = false).");
        }

        // A query right after start waits for the writer's first attempt to create the database, so a host that just
        // started answers "nothing yet" rather than "cannot be read"; a database that stays missing is still an error.
        if (_writer is not null)
        {
            await _firstInitialization.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return await _store.QueryAsync(query, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not ArgumentException)
        {
            throw new RunHistoryUnavailableException($"The run history's {_store.Description} cannot be read: {ex.Message}", ex);
        }
    }

    /// <summary>Starts the background writer; it creates the database and trims it first. Does nothing when disabled or started.</summary>
    public void Start()
    {
        if (_store is null || _writer is not null)
        {
            return;
        }

        RunHistoryLog.Started(_logger, _store.Description, _options.Retention, _options.MaxEntries);
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Takes no more entries; the writer ends once it has written what is queued.</summary>
    public void Complete() => _channel.Writer.TryComplete();

    /// <summary>Writes what is queued and stops the writer; when <paramref name="cancellationToken"/> fires first, the rest is abandoned.</summary>
    /// <param name="cancellationToken">Gives up waiting (the host's shutdown timeout).</param>
    /// <returns>A task that completes when the writer has stopped.</returns>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Complete();
        try
        {
            await Writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        // The container disposes it as RunHistory and as IRunHistory.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Complete();
        _stopping.Cancel();
        _stopping.Dispose();
        _meter?.Dispose();
    }

    private static RunHistoryEntry ToEntry(object item) => item switch
    {
        ScaleDecision decision => RunHistoryEntry.FromDecision(decision),
        ControllerEvent controllerEvent => RunHistoryEntry.FromControllerEvent(controllerEvent),
        RunHistoryEvaluation evaluation => evaluation.ToEntry(),
        _ => (RunHistoryEntry)item,
    };

    private void Enqueue(object item)
    {
        if (_store is null)
        {
            return;
        }

        Interlocked.Increment(ref _recorded);
        if (!_channel.Writer.TryWrite(item))
        {
            // Completed: the host is stopping.
            Interlocked.Increment(ref _dropped);
        }
    }

    private IEnumerable<Measurement<long>> ObserveEntries()
    {
        var status = Status;
        yield return new Measurement<long>(status.Written, new KeyValuePair<string, object?>(RunHistoryConstants.OutcomeTag, "written"));
        yield return new Measurement<long>(status.Dropped, new KeyValuePair<string, object?>(RunHistoryConstants.OutcomeTag, "dropped"));
        yield return new Measurement<long>(status.Failed, new KeyValuePair<string, object?>(RunHistoryConstants.OutcomeTag, "failed"));
        yield return new Measurement<long>(status.Trimmed, new KeyValuePair<string, object?>(RunHistoryConstants.OutcomeTag, "trimmed"));
    }

    private async Task WriteLoopAsync()
    {
        var store = _store!;
        var reader = _channel.Reader;
        var batch = new List<RunHistoryEntry>(_options.BatchSize);
        var token = _stopping.Token;
        try
        {
            await TryInitializeAsync(store, token).ConfigureAwait(false);
            await TrimIfDueAsync(store, token).ConfigureAwait(false);
            while (await reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                while (batch.Count < _options.BatchSize && reader.TryRead(out var item))
                {
                    batch.Add(ToEntry(item));
                }

                await WriteAsync(store, batch, token).ConfigureAwait(false);
                batch.Clear();
                ReportDrops(store);
                await TrimIfDueAsync(store, token).ConfigureAwait(false);
            }

            // Once more at stop, so a host that runs shorter than the trim interval still leaves a bounded database.
            _lastTrim = null;
            await TrimIfDueAsync(store, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The host gave up waiting for the rest.
        }
    }

    private async Task<bool> TryInitializeAsync(IRunHistoryStore store, CancellationToken token)
    {
        if (_initialized)
        {
            return true;
        }

        try
        {
            await store.InitializeAsync(token).ConfigureAwait(false);
            _initialized = true;
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Fail(ex, 0, store);
            return false;
        }
        finally
        {
            _firstInitialization.TrySetResult();
        }
    }

    private async Task WriteAsync(IRunHistoryStore store, List<RunHistoryEntry> batch, CancellationToken token)
    {
        try
        {
            if (!_initialized)
            {
                await store.InitializeAsync(token).ConfigureAwait(false);
                _initialized = true;
            }

            await store.AppendAsync(batch, token).ConfigureAwait(false);
            Interlocked.Add(ref _written, batch.Count);
            if (_failing)
            {
                _failing = false;
                RunHistoryLog.WriteRecovered(_logger, store.Description);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Interlocked.Add(ref _failed, batch.Count);
            Fail(ex, batch.Count, store);
        }
    }

    private void Fail(Exception error, int lost, IRunHistoryStore store)
    {
        var now = _time.GetUtcNow();
        lock (_errorGate)
        {
            _lastError = $"{store.Description}: {error.Message}";
            _lastErrorTime = now;
        }

        _failing = true;
        if (_lastFailureLogged is not { } logged || now - logged >= FailureLogInterval)
        {
            _lastFailureLogged = now;
            RunHistoryLog.WriteFailed(_logger, error, lost, store.Description, Interlocked.Read(ref _failed), error.Message);
        }
    }

    private void ReportDrops(IRunHistoryStore store)
    {
        var dropped = Interlocked.Read(ref _dropped);
        if (dropped > _droppedReported)
        {
            RunHistoryLog.EntriesDropped(_logger, dropped - _droppedReported, store.Description, _options.QueueCapacity, dropped);
            _droppedReported = dropped;
        }
    }

    private async Task TrimIfDueAsync(IRunHistoryStore store, CancellationToken token)
    {
        var now = _time.GetUtcNow();
        if (!_initialized || (_lastTrim is { } last && now - last < _options.TrimInterval))
        {
            return;
        }

        _lastTrim = now;
        try
        {
            var deleted = await store.TrimAsync(now - _options.Retention, _options.MaxEntries, token).ConfigureAwait(false);
            deleted += await store.TrimEvaluationsAsync(now - _options.EvaluationRetention, token).ConfigureAwait(false);
            Interlocked.Add(ref _trimmed, deleted);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            lock (_errorGate)
            {
                _lastError = $"{store.Description}: {ex.Message}";
                _lastErrorTime = now;
            }

            RunHistoryLog.TrimFailed(_logger, ex, store.Description, ex.Message);
        }
    }
}
