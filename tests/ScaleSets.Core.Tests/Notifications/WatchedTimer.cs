namespace ScaleSets.Tests.Notifications;

/// <summary>A timer of a <see cref="TimerWatchingTimeProvider"/>: reports every due time it is armed with.</summary>
internal sealed class WatchedTimer(ITimer inner, TimerWatchingTimeProvider owner) : ITimer
{
    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        var changed = inner.Change(dueTime, period);
        owner.Record(dueTime);
        return changed;
    }

    public void Dispose() => inner.Dispose();

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
