using System.Reactive.Concurrency;
using System.Reactive.Disposables;

namespace ScaleSets.Engine;

/// <summary>
/// An Rx <see cref="IScheduler"/> whose clock and timers are a <see cref="TimeProvider"/>, so the engine (which runs on
/// an <see cref="IScheduler"/>) and the controller (which runs on a <see cref="TimeProvider"/>) share one clock:
/// <see cref="TimeProvider.System"/> in production, one virtual clock in tests and simulations.
/// Its stopwatch (<see cref="Scheduler.StartStopwatch"/>) is the time provider's timestamp, so durations are virtual too.
/// </summary>
public sealed class TimeProviderScheduler : IScheduler, IStopwatchProvider, IServiceProvider
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

    /// <summary>Starts a stopwatch on the time provider's timestamp (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    /// <returns>The stopwatch.</returns>
    public IStopwatch StartStopwatch() => new TimestampStopwatch(_time);

    /// <summary>Returns this scheduler for <see cref="IStopwatchProvider"/>, so Rx's <see cref="Scheduler.StartStopwatch"/> uses the time provider.</summary>
    /// <param name="serviceType">The service asked for.</param>
    /// <returns>This scheduler for <see cref="IStopwatchProvider"/>; otherwise <see langword="null"/>.</returns>
    public object? GetService(Type serviceType) => serviceType == typeof(IStopwatchProvider) ? this : null;

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

    private sealed class TimestampStopwatch(TimeProvider time) : IStopwatch
    {
        private readonly long _start = time.GetTimestamp();

        public TimeSpan Elapsed => time.GetElapsedTime(_start);
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
