using Microsoft.Extensions.Time.Testing;

namespace ScaleSets.Tests.Notifications;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that tells a test when a timer of a given due time was created, so it advances the
/// clock only once the code under test waits on it (a backoff delay, an attempt timeout) and never races it.
/// </summary>
internal sealed class TimerWatchingTimeProvider : FakeTimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<TimeSpan> _created = [];
    private readonly List<(TimeSpan Due, int Occurrence, TaskCompletionSource Done)> _waiters = [];

    public TimerWatchingTimeProvider()
        : base(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero))
    {
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        // A CancellationTokenSource is created unarmed and armed later with Change (CancelAfter): watch both.
        var timer = new WatchedTimer(base.CreateTimer(callback, state, dueTime, period), this);
        Record(dueTime);
        return timer;
    }

    internal void Record(TimeSpan dueTime)
    {
        List<TaskCompletionSource> done = [];
        lock (_gate)
        {
            _created.Add(dueTime);
            var count = _created.Count(d => d == dueTime);
            foreach (var waiter in _waiters.Where(w => w.Due == dueTime && w.Occurrence <= count).ToArray())
            {
                _waiters.Remove(waiter);
                done.Add(waiter.Done);
            }
        }

        foreach (var completion in done)
        {
            completion.TrySetResult();
        }
    }

    /// <summary>Waits until the <paramref name="occurrence"/>-th timer due after <paramref name="due"/> has been created.</summary>
    public async Task WaitForTimerAsync(TimeSpan due, int occurrence = 1)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_created.Count(d => d == due) >= occurrence)
            {
                return;
            }

            _waiters.Add((due, occurrence, done));
        }

        try
        {
            await done.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            lock (_gate)
            {
                Assert.Fail($"no timer due after {due} was created (timers created: {string.Join(", ", _created)})");
            }
        }
    }
}
