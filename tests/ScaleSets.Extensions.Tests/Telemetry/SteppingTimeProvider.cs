using Microsoft.Extensions.Time.Testing;

namespace ScaleSets.Extensions.Tests.Telemetry;

/// <summary>A fake clock whose timestamp moves on by <see cref="Step"/> at every reading, so each measured duration is a known number of steps.</summary>
internal sealed class SteppingTimeProvider(DateTimeOffset start, TimeSpan step) : FakeTimeProvider(start)
{
    private long _readings;

    public TimeSpan Step { get; } = step;

    public override long GetTimestamp() =>
        base.GetTimestamp() + (Interlocked.Increment(ref _readings) * (long)(Step.TotalSeconds * TimestampFrequency));
}
