using System.Reactive.Disposables;

namespace ScaleSets.Engine;

/// <summary>
/// One of the engine's output streams (decisions, evaluations, events, timings, forecast outcomes). It keeps Rx's
/// contract for the user's observers while publishers call from any thread:
/// <list type="bullet">
/// <item>observers are called one item at a time: a publisher that finds another thread delivering queues its item,
/// which that thread delivers next, in the order queued, and returns at once;</item>
/// <item>observers are called outside every lock (the stream's own lock guards only the queue and the observer list),
/// so an observer may call back into the engine; what it publishes is delivered after it returns;</item>
/// <item>an observer that throws is isolated: the others still get the item, the failure is reported through
/// <c>onObserverFailed</c> (the engine turns it into an <see cref="AutoscaleEngineEventKind.ObserverFailed"/> event),
/// the observer keeps its subscription, and the publisher (an evaluation, a metric source's pipeline, whoever
/// advanced a clock) never sees the exception.</item>
/// </list>
/// With one publishing thread delivery is synchronous: each item is delivered before its publish returns.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
internal sealed class EngineStream<T> : IObservable<T>
{
    private readonly Lock _gate = new();
    private readonly Queue<T> _queue = new();
    private readonly string _name;
    private readonly Func<T, string> _scaleSetOf;
    private readonly Action<string, string, Exception> _onObserverFailed;
    private readonly Func<T, bool>? _isFailureReport;
    private IObserver<T>[] _observers = [];
    private bool _draining;
    private bool _completing;
    private bool _completed;

    /// <summary>Creates a stream.</summary>
    /// <param name="name">The stream's name in failure reports (the engine's property name).</param>
    /// <param name="scaleSetOf">The scale set an item concerns.</param>
    /// <param name="onObserverFailed">Called, outside every lock, with the stream's name, the scale set and the exception when an observer throws.</param>
    /// <param name="isFailureReport">
    /// Whether an item is itself a failure report; an observer failing on one is not reported again, so a failing observer of
    /// the stream that carries the reports cannot make reports without end.
    /// </param>
    public EngineStream(string name, Func<T, string> scaleSetOf, Action<string, string, Exception> onObserverFailed, Func<T, bool>? isFailureReport = null)
    {
        _name = name;
        _scaleSetOf = scaleSetOf;
        _onObserverFailed = onObserverFailed;
        _isFailureReport = isFailureReport;
    }

    /// <summary>Gets whether anyone observes the stream (publishers skip building items nobody reads).</summary>
    public bool HasObservers => Volatile.Read(ref _observers).Length > 0;

    /// <inheritdoc/>
    public IDisposable Subscribe(IObserver<T> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        lock (_gate)
        {
            if (!_completing)
            {
                _observers = [.. _observers, observer];
                return Disposable.Create((this, observer), static s => s.Item1.Unsubscribe(s.observer));
            }
        }

        Call(observer, default!, completion: true);
        return Disposable.Empty;
    }

    /// <summary>Delivers <paramref name="value"/> to every observer, now or (when another thread is delivering) by that thread.</summary>
    public void OnNext(T value)
    {
        if (!HasObservers)
        {
            return;
        }

        lock (_gate)
        {
            if (_completing)
            {
                return;
            }

            if (_draining)
            {
                _queue.Enqueue(value);
                return;
            }

            _draining = true;
        }

        Deliver(value);
        Drain();
    }

    /// <summary>Completes every observer after the items already queued; later items are dropped.</summary>
    public void OnCompleted()
    {
        lock (_gate)
        {
            if (_completing)
            {
                return;
            }

            _completing = true;
            if (_draining)
            {
                return;
            }

            _draining = true;
        }

        Drain();
    }

    private void Unsubscribe(IObserver<T> observer)
    {
        lock (_gate)
        {
            var index = Array.IndexOf(_observers, observer);
            if (index >= 0)
            {
                _observers = [.. _observers.AsSpan(0, index), .. _observers.AsSpan(index + 1)];
            }
        }
    }

    /// <summary>Delivers what was queued while this thread delivered, then the completion when one is due.</summary>
    private void Drain()
    {
        while (true)
        {
            T value;
            IObserver<T>[] completing;
            lock (_gate)
            {
                if (_queue.TryDequeue(out value!))
                {
                    completing = [];
                }
                else if (_completing && !_completed)
                {
                    _completed = true;
                    completing = _observers;
                    _observers = [];
                }
                else
                {
                    _draining = false;
                    return;
                }
            }

            if (completing.Length == 0)
            {
                Deliver(value);
                continue;
            }

            foreach (var observer in completing)
            {
                Call(observer, default!, completion: true);
            }
        }
    }

    private void Deliver(T value)
    {
        foreach (var observer in Volatile.Read(ref _observers))
        {
            Call(observer, value, completion: false);
        }
    }

    private void Call(IObserver<T> observer, T value, bool completion)
    {
        try
        {
            if (completion)
            {
                observer.OnCompleted();
            }
            else
            {
                observer.OnNext(value);
            }
        }
#pragma warning disable CA1031 // A user's observer must never stop the engine, its evaluations or a metric source's pipeline.
        catch (Exception error)
#pragma warning restore CA1031
        {
            Report(value, completion, error);
        }
    }

    private void Report(T value, bool completion, Exception error)
    {
        if (!completion && _isFailureReport?.Invoke(value) == true)
        {
            return;
        }

        try
        {
            _onObserverFailed(_name, completion ? "" : _scaleSetOf(value), error);
        }
#pragma warning disable CA1031 // The report goes to observers too; nothing is left to tell when it fails.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
