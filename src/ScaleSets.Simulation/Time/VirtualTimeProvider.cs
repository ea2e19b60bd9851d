namespace ScaleSets.Simulation.Time;

/// <summary>
/// A <see cref="TimeProvider"/> whose clock moves only when told to: timers (and so <c>Task.Delay(…, timeProvider)</c>, Polly
/// retry delays and <c>CancellationTokenSource</c> timeouts) fire in due-time order, on the thread that advances the clock.
/// Lets simulations run days of controller time in milliseconds, reproducibly.
/// </summary>
public sealed class VirtualTimeProvider : TimeProvider
{
    private const int SettleTurns = 3;

    // Set in _now while the clock still reads in the start's offset: advancing keeps the offset, a timer that moves the
    // clock reads in UTC from then on. UTC ticks stay below 2^62, so the flag and the ticks fit one atomically read long.
    private const long StartOffsetFlag = 1L << 62;
    private readonly Lock _gate = new();
    private readonly PriorityQueue<(VirtualTimer Timer, long Version), (long Due, long Sequence)> _queue = new();
    private readonly TimeSpan _startOffset;

    // The clock as UTC ticks (| StartOffsetFlag): written only under _gate, read without it, because GetUtcNow is called
    // millions of times a simulated month (every sample the engine ingests, every controller call); a long is read
    // atomically, and the volatile write publishes it to other threads.
    private long _now;
    private long _sequence;

    /// <summary>Initializes a new instance of the <see cref="VirtualTimeProvider"/> class.</summary>
    /// <param name="start">The clock's start time.</param>
    public VirtualTimeProvider(DateTimeOffset start)
    {
        _startOffset = start.Offset;
        _now = start.UtcTicks | (start.Offset == TimeSpan.Zero ? 0 : StartOffsetFlag);
    }

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>Gets the number of timers waiting to fire.</summary>
    public int PendingTimers
    {
        get
        {
            lock (_gate)
            {
                var count = 0;
                foreach (var (entry, _) in _queue.UnorderedItems)
                {
                    count += entry.Version == entry.Timer.Version ? 1 : 0;
                }

                return count;
            }
        }
    }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        var now = Volatile.Read(ref _now);
        return (now & StartOffsetFlag) == 0
            ? new DateTimeOffset(now, TimeSpan.Zero)
            : new DateTimeOffset((now & ~StartOffsetFlag) + _startOffset.Ticks, _startOffset);
    }

    /// <inheritdoc />
    public override long GetTimestamp() => Volatile.Read(ref _now) & ~StartOffsetFlag;

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new VirtualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward by <paramref name="delta"/>, firing every timer due on the way in order.</summary>
    /// <param name="delta">How far; must not be negative.</param>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        var target = (GetUtcNow() + delta).UtcTicks;
        while (FireNext(target))
        {
        }

        lock (_gate)
        {
            if (UtcTicksLocked() < target)
            {
                // Advancing keeps the offset the clock reads in.
                Volatile.Write(ref _now, (_now & StartOffsetFlag) | target);
            }
        }
    }

    /// <summary>Moves the clock to the earliest pending timer and fires it (and any other timer due then).</summary>
    /// <returns><see langword="false"/> when no timer is pending.</returns>
    public bool AdvanceToNextTimer()
    {
        DateTimeOffset due;
        lock (_gate)
        {
            Prune();
            if (!_queue.TryPeek(out _, out var key))
            {
                return false;
            }

            due = new DateTimeOffset(key.Due, TimeSpan.Zero);
        }

        Advance(due > GetUtcNow() ? due - GetUtcNow() : TimeSpan.Zero);
        return true;
    }

    /// <summary>Advances the clock timer by timer until <paramref name="task"/> completes, for driving async code in virtual time.</summary>
    /// <param name="task">The task to complete.</param>
    /// <param name="limit">The most virtual time to spend; the task is left running when it is reached.</param>
    /// <returns>Whether the task completed.</returns>
    public async Task<bool> RunUntilCompletedAsync(Task task, TimeSpan limit)
    {
        ArgumentNullException.ThrowIfNull(task);
        var deadline = GetUtcNow() + limit;
        var idleSpins = 0;
        var settle = 0;
        while (!task.IsCompleted)
        {
            if (GetUtcNow() >= deadline)
            {
                return false;
            }

            DateTimeOffset? next;
            lock (_gate)
            {
                Prune();
                next = _queue.TryPeek(out _, out var key) ? new DateTimeOffset(key.Due, TimeSpan.Zero) : null;
            }

            if (next is { } due && due <= deadline)
            {
                // Continuations of the last timer may still be running on the thread pool and about to register
                // earlier timers: give them a few turns before jumping the clock, so a loaded machine replays the same run.
                if (settle < SettleTurns)
                {
                    settle++;
                    await Task.Yield();
                    continue;
                }

                settle = 0;
                idleSpins = 0;
                Advance(due - GetUtcNow());
            }
            else
            {
                // Work may be finishing on the thread pool (an adapter without a virtual clock); give it a turn.
                if (++idleSpins > 100_000)
                {
                    throw new InvalidOperationException("The task neither completes nor waits on this clock; it may be waiting on real time.");
                }

                await Task.Yield();
            }
        }

        return true;
    }

    private bool FireNext(long target)
    {
        VirtualTimer timer;
        lock (_gate)
        {
            Prune();
            if (!_queue.TryPeek(out var entry, out var key) || key.Due > target)
            {
                return false;
            }

            _queue.Dequeue();
            timer = entry.Timer;
            if (key.Due > UtcTicksLocked())
            {
                Volatile.Write(ref _now, key.Due);
            }

            if (timer.Period > TimeSpan.Zero)
            {
                Schedule(timer, timer.Period);
            }
            else
            {
                timer.Version++;
            }
        }

        timer.Callback(timer.State);
        return true;
    }

    private long UtcTicksLocked() => _now & ~StartOffsetFlag;

    private void Prune()
    {
        while (_queue.TryPeek(out var entry, out _) && entry.Version != entry.Timer.Version)
        {
            _queue.Dequeue();
        }
    }

    private void Schedule(VirtualTimer timer, TimeSpan due)
    {
        timer.Version++;
        var at = UtcTicksLocked() + Math.Max(0, due.Ticks);
        _queue.Enqueue((timer, timer.Version), (at, _sequence++));
    }

    private sealed class VirtualTimer(VirtualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public TimerCallback Callback { get; } = callback;

        public object? State { get; } = state;

        public TimeSpan Period { get; private set; }

        public long Version { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._gate)
            {
                Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    Version++;
                }
                else
                {
                    owner.Schedule(this, dueTime);
                }
            }

            return true;
        }

        public void Dispose()
        {
            lock (owner._gate)
            {
                Version++;
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
