using System.Reactive.Concurrency;
using System.Reactive.Disposables;

namespace ScaleSets.Engine;

/// <summary>
/// An Rx <see cref="IScheduler"/> whose clock and timers are a <see cref="TimeProvider"/>, so the engine (which runs on
/// an <see cref="IScheduler"/>) and the controller (which runs on a <see cref="TimeProvider"/>) share one clock:
/// <see cref="TimeProvider.System"/> in production, one virtual clock in tests and simulations.
/// </summary>
public sealed class TimeProviderScheduler : IScheduler
{
    private readonly TimeProvider _time;

    /// <summary>Creates a scheduler over <paramref name="timeProvider"/>.</summary>
    /// <param name="timeProvider">The clock and timer source.</param>
    public TimeProviderScheduler(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _time = timeProvider;
    }

    /// <summary>Gets the time provider behind this scheduler.</summary>
    public TimeProvider TimeProvider => _time;

    /// <inheritdoc/>
    public DateTimeOffset Now => _time.GetUtcNow();

    /// <inheritdoc/>
    public IDisposable Schedule<TState>(TState state, Func<IScheduler, TState, IDisposable> action) =>
        Schedule(state, TimeSpan.Zero, action);

    /// <inheritdoc/>
    public IDisposable Schedule<TState>(TState state, DateTimeOffset dueTime, Func<IScheduler, TState, IDisposable> action) =>
        Schedule(state, dueTime - Now, action);

    /// <inheritdoc/>
    public IDisposable Schedule<TState>(TState state, TimeSpan dueTime, Func<IScheduler, TState, IDisposable> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var item = new WorkItem<TState>(this, state, action);
        item.Start(_time, dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime);
        return item;
    }

    private sealed class WorkItem<TState>(IScheduler scheduler, TState state, Func<IScheduler, TState, IDisposable> action) : IDisposable
    {
        private readonly Lock _gate = new();
        private readonly SerialDisposable _inner = new();
        private ITimer? _timer;
        private bool _done;

        public void Start(TimeProvider time, TimeSpan dueTime)
        {
            var timer = time.CreateTimer(static s => ((WorkItem<TState>)s!).Run(), this, dueTime, Timeout.InfiniteTimeSpan);
            lock (_gate)
            {
                if (_done)
                {
                    timer.Dispose();
                    return;
                }

                _timer = timer;
            }
        }

        public void Dispose()
        {
            ITimer? timer;
            lock (_gate)
            {
                _done = true;
                timer = _timer;
                _timer = null;
            }

            timer?.Dispose();
            _inner.Dispose();
        }

        private void Run()
        {
            lock (_gate)
            {
                if (_done)
                {
                    return;
                }

                _done = true;
                _timer?.Dispose();
                _timer = null;
            }

            _inner.Disposable = action(scheduler, state);
        }
    }
}
