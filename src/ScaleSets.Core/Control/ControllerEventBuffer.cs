using System.Reactive.Subjects;
using ScaleSets.Abstractions;

namespace ScaleSets.Control;

/// <summary>
/// The controller's outbox: events, pass results and warm-up notices are queued while the controller's gate is held and delivered, in the
/// order queued, after it is released. Delivery is serialized without a lock held around user code: the first thread to
/// flush drains the queue, and a thread that finds a drain under way (another thread, or an observer calling back into the
/// controller) leaves its items to it. So observers see one event at a time and in order, user observers never run under the
/// gate, and warm-up notices reach the engine (which takes its own lock) without a nested lock.
/// </summary>
internal sealed class ControllerEventBuffer : IDisposable
{
    private readonly Subject<ControllerEvent> _events = new();
    private readonly Subject<ReconcileResult> _passes = new();
    private readonly IInstanceWarmupSink? _warmup;
    private readonly Queue<Item> _queue = new();
    private readonly Lock _queueLock = new();
    private readonly Queue<ControllerEvent> _recent = new();
    private ReconcileResult? _lastPass;
    private bool _draining;
    private int _disposed;

    /// <summary>How many events <see cref="Recent"/> keeps.</summary>
    public const int RecentCapacity = 100;

    public ControllerEventBuffer(IInstanceWarmupSink? warmup) => _warmup = warmup;

    public IObservable<ControllerEvent> Events => _events;

    public IObservable<ReconcileResult> Passes => _passes;

    /// <summary>Queues an event.</summary>
    public void Add(ControllerEvent e)
    {
        lock (_queueLock)
        {
            if (_recent.Count == RecentCapacity)
            {
                _recent.Dequeue();
            }

            _recent.Enqueue(e);
            _queue.Enqueue(new Item(e, null, default, clear: false));
        }
    }

    /// <summary>Returns the latest events, oldest first, and the latest pass's result.</summary>
    public (ControllerEvent[] Events, ReconcileResult? LastPass) Recent()
    {
        lock (_queueLock)
        {
            return ([.. _recent], _lastPass);
        }
    }

    /// <summary>Queues a pass's result.</summary>
    public void Add(ReconcileResult result)
    {
        lock (_queueLock)
        {
            _lastPass = result;
            _queue.Enqueue(new Item(null, null, default, clear: false) { Pass = result });
        }
    }

    /// <summary>Queues a notice that <paramref name="instanceId"/> warms up until <paramref name="until"/>.</summary>
    public void SetWarmingUp(string instanceId, DateTimeOffset until)
    {
        if (_warmup is not null)
        {
            Enqueue(new Item(null, instanceId, until, clear: false));
        }
    }

    /// <summary>Queues a notice that <paramref name="instanceId"/> no longer warms up (it is gone).</summary>
    public void ClearWarmingUp(string instanceId)
    {
        if (_warmup is not null)
        {
            Enqueue(new Item(null, instanceId, default, clear: true));
        }
    }

    /// <summary>Delivers what is queued; call with no lock of the controller held.</summary>
    public void Flush()
    {
        while (true)
        {
            Item item;
            lock (_queueLock)
            {
                if (_draining || !_queue.TryDequeue(out item))
                {
                    return;
                }

                _draining = true;
            }

            try
            {
                Deliver(item);
                while (TryNext(out item))
                {
                    Deliver(item);
                }
            }
            finally
            {
                lock (_queueLock)
                {
                    _draining = false;
                }
            }
        }
    }

    /// <summary>Completes <see cref="Events"/>; a second call does nothing.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Flush();
        _events.OnCompleted();
        _passes.OnCompleted();
        _events.Dispose();
        _passes.Dispose();
    }

    private bool TryNext(out Item item)
    {
        lock (_queueLock)
        {
            return _queue.TryDequeue(out item);
        }
    }

    private void Enqueue(Item item)
    {
        lock (_queueLock)
        {
            _queue.Enqueue(item);
        }
    }

    private void Deliver(Item item)
    {
        if (item.Event is not null)
        {
            _events.OnNext(item.Event);
        }
        else if (item.Pass is not null)
        {
            _passes.OnNext(item.Pass);
        }
        else if (item.Clear)
        {
            _warmup!.ClearWarmingUp(item.InstanceId!);
        }
        else
        {
            _warmup!.SetWarmingUp(item.InstanceId!, item.Until);
        }
    }

    private readonly struct Item(ControllerEvent? e, string? instanceId, DateTimeOffset until, bool clear)
    {
        public ControllerEvent? Event { get; } = e;

        public string? InstanceId { get; } = instanceId;

        public DateTimeOffset Until { get; } = until;

        public bool Clear { get; } = clear;

        public ReconcileResult? Pass { get; init; }
    }
}
