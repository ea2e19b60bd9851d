using Microsoft.Extensions.Time.Testing;

namespace ScaleSets.HyperV.Tests.Fakes;

/// <summary>A <see cref="FakeTimeProvider"/> that counts timers created with one due time, so a test advances the clock only once the code under test waits.</summary>
internal sealed class TimerWatchingTimeProvider(FakeTimeProvider inner, TimeSpan watchedDueTime) : TimeProvider
{
    private int _watched;

    public int WatchedTimers => Volatile.Read(ref _watched);

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = inner.CreateTimer(callback, state, dueTime, period);
        if (dueTime == watchedDueTime)
        {
            Interlocked.Increment(ref _watched);
        }

        return timer;
    }
}
