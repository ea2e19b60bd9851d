using ScaleSets.State;

namespace ScaleSets.Engine;

/// <summary>
/// Writes one scale set's snapshots to its <see cref="IAutoscalerStateStore"/> off the evaluation path: one write at a
/// time on the thread pool, and a snapshot offered while one is being written replaces any still waiting (the newest
/// state wins; states in between are never needed). Each write names the tag of the last one (a conditional write); a
/// refused write stops the saver, since another owner now holds the set.
/// </summary>
internal sealed class AutoscalerStateSaver
{
    private readonly IAutoscalerStateStore _store;
    private readonly string _scaleSet;
    private readonly Action<Exception> _onError;
    private readonly Lock _gate = new();
    private AutoscalerSnapshot? _pending;
    private Task _writing = Task.CompletedTask;
    private bool _busy;
    private bool _stopped;
    private string? _etag;
    private Exception? _lastError;

    public AutoscalerStateSaver(IAutoscalerStateStore store, string scaleSet, string? etag, Action<Exception> onError)
    {
        _store = store;
        _scaleSet = scaleSet;
        _etag = etag;
        _onError = onError;
    }

    /// <summary>Gets the tag of the state last written (or loaded).</summary>
    public string? ETag
    {
        get
        {
            lock (_gate)
            {
                return _etag;
            }
        }
    }

    /// <summary>Gets whether a refused conditional write (or disposal) stopped the saver.</summary>
    public bool Stopped
    {
        get
        {
            lock (_gate)
            {
                return _stopped;
            }
        }
    }

    /// <summary>Queues <paramref name="snapshot"/> to be written; returns at once.</summary>
    public void Offer(AutoscalerSnapshot snapshot)
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            _pending = snapshot;
            if (_busy)
            {
                return;
            }

            _busy = true;
            _writing = Task.Run(DrainAsync);
        }
    }

    /// <summary>Queues <paramref name="snapshot"/> and waits until every queued snapshot is written.</summary>
    public Task SaveNowAsync(AutoscalerSnapshot snapshot, CancellationToken cancellationToken)
    {
        Offer(snapshot);
        return FlushAsync(cancellationToken);
    }

    /// <summary>Waits until every queued snapshot is written; fails with the error of the last write when it failed.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task writing;
            lock (_gate)
            {
                if (!_busy)
                {
                    if (_lastError is { } error)
                    {
                        _lastError = null;
                        throw new IOException($"scale set '{_scaleSet}': saving its state failed: {error.Message}", error);
                    }

                    return;
                }

                writing = _writing;
            }

            await writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops writing; a write under way finishes.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            _stopped = true;
            _pending = null;
        }
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            AutoscalerSnapshot snapshot;
            string? etag;
            lock (_gate)
            {
                if (_pending is null || _stopped)
                {
                    _pending = null;
                    _busy = false;
                    return;
                }

                snapshot = _pending;
                _pending = null;
                etag = _etag;
            }

            try
            {
                var written = await _store.SaveAsync(_scaleSet, snapshot, etag, CancellationToken.None).ConfigureAwait(false);
                lock (_gate)
                {
                    _etag = written;
                    _lastError = null;
                }
            }
#pragma warning disable CA1031 // A failed save is reported; the autoscaler goes on and the next state is saved again.
            catch (Exception e)
#pragma warning restore CA1031
            {
                lock (_gate)
                {
                    _lastError = e;
                    if (e is AutoscalerStateConflictException)
                    {
                        _stopped = true;
                    }
                }

                _onError(e);
            }
        }
    }
}
