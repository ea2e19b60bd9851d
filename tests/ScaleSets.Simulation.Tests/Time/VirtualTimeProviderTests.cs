using ScaleSets.Simulation.Time;

namespace ScaleSets.Simulation.Tests.Time;

/// <summary>The virtual clock reads without a lock and still gives every reader, on any thread, the time it moved to.</summary>
[TestFixture]
public sealed class VirtualTimeProviderTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task GetUtcNow_FromAnotherThread_SeesEachAdvance()
    {
        var time = new VirtualTimeProvider(Start);
        for (var i = 1; i <= 100; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            var seen = await Task.Run(time.GetUtcNow);
            Assert.That(seen, Is.EqualTo(Start.AddSeconds(i)));
        }
    }

    [Test]
    public void GetUtcNow_InATimerCallback_IsTheTimersDueTime()
    {
        var time = new VirtualTimeProvider(Start);
        var seen = new List<DateTimeOffset>();
        using var a = time.CreateTimer(_ => seen.Add(time.GetUtcNow()), null, TimeSpan.FromSeconds(3), Timeout.InfiniteTimeSpan);
        using var b = time.CreateTimer(_ => seen.Add(time.GetUtcNow()), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));

        time.Advance(TimeSpan.FromSeconds(8));

        Assert.Multiple(() =>
        {
            Assert.That(seen, Is.EqualTo(new[] { Start.AddSeconds(1), Start.AddSeconds(3), Start.AddSeconds(6) }));
            Assert.That(time.GetUtcNow(), Is.EqualTo(Start.AddSeconds(8)));
            Assert.That(time.GetTimestamp(), Is.EqualTo(Start.AddSeconds(8).UtcTicks), "timestamps are UTC ticks");
            Assert.That(time.GetUtcNow().Offset, Is.EqualTo(TimeSpan.Zero));
        });
    }

    [Test]
    public void GetUtcNow_StartWithAnOffset_KeepsItWhileAdvancedAndReadsUtcOnceATimerMovesTheClock()
    {
        var offset = TimeSpan.FromHours(2);
        var start = new DateTimeOffset(2026, 3, 1, 2, 0, 0, offset);
        var time = new VirtualTimeProvider(start);
        using var timer = time.CreateTimer(_ => { }, null, TimeSpan.FromMinutes(10), Timeout.InfiniteTimeSpan);

        time.Advance(TimeSpan.FromMinutes(5));
        var advanced = time.GetUtcNow();
        time.Advance(TimeSpan.FromMinutes(10));
        var afterTimer = time.GetUtcNow();

        Assert.Multiple(() =>
        {
            Assert.That(advanced, Is.EqualTo(start.AddMinutes(5)));
            Assert.That(advanced.Offset, Is.EqualTo(offset));
            Assert.That(time.GetTimestamp(), Is.EqualTo(start.AddMinutes(15).UtcTicks));
            Assert.That(afterTimer, Is.EqualTo(start.AddMinutes(15)));
            Assert.That(afterTimer.Offset, Is.EqualTo(TimeSpan.Zero));
        });
    }

    [Test]
    public async Task RunUntilCompletedAsync_DelaysContinuingOnTheThreadPool_EachSeesItsDueTime()
    {
        var time = new VirtualTimeProvider(Start);
        var seen = new List<DateTimeOffset>();

        async Task WorkAsync()
        {
            for (var i = 0; i < 20; i++)
            {
                await Task.Delay(TimeSpan.FromSeconds(30), time).ConfigureAwait(false);
                await Task.Yield();
                seen.Add(time.GetUtcNow());
            }
        }

        var completed = await time.RunUntilCompletedAsync(Task.Run(WorkAsync), TimeSpan.FromHours(1));

        Assert.Multiple(() =>
        {
            Assert.That(completed, Is.True);
            Assert.That(seen, Is.EqualTo(Enumerable.Range(1, 20).Select(i => Start.AddSeconds(30 * i))));
        });
    }

    [Test]
    public void Change_DisposedOrRescheduled_OnlyTheLastScheduleFires()
    {
        var time = new VirtualTimeProvider(Start);
        var fired = new List<DateTimeOffset>();
        var timer = time.CreateTimer(_ => fired.Add(time.GetUtcNow()), null, TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);
        timer.Change(TimeSpan.FromSeconds(20), Timeout.InfiniteTimeSpan);
        using var other = time.CreateTimer(_ => fired.Add(DateTimeOffset.MinValue), null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
        other.Dispose();

        Assert.That(time.PendingTimers, Is.EqualTo(1));
        time.Advance(TimeSpan.FromMinutes(1));
        timer.Dispose();

        Assert.Multiple(() =>
        {
            Assert.That(fired, Is.EqualTo(new[] { Start.AddSeconds(20) }));
            Assert.That(time.PendingTimers, Is.Zero);
            Assert.That(time.AdvanceToNextTimer(), Is.False);
        });
    }
}
