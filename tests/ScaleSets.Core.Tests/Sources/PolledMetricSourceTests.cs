using Microsoft.Extensions.Time.Testing;
using ScaleSets.Metrics;
using ScaleSets.Sources;

namespace ScaleSets.Tests.Sources;

[TestFixture]
public sealed class PolledMetricSourceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    [Test]
    public void Subscribe_PollsOnIntervalBoundaries_DeliversEachPollsSamples()
    {
        var time = new FakeTimeProvider(T0 + TimeSpan.FromSeconds(7));
        var poller = ScriptedPoller.Constant("QueueLength", 4);
        using var source = new PolledMetricSource("queue", poller, new PolledMetricSourceOptions(), time);
        var samples = new List<MetricSample>();
        using var subscription = source.Subscribe(samples.Add);

        Step(time, 38); // to T0 + 45 s

        Assert.Multiple(() =>
        {
            Assert.That(samples.Select(s => s.Timestamp - T0), Is.EqualTo(new[] { 15, 30, 45 }.Select(s => TimeSpan.FromSeconds(s))));
            Assert.That(samples.Select(s => s.Value), Is.All.EqualTo(4));
            Assert.That(source.LastStatus!.Health, Is.EqualTo(MetricSourceHealth.Healthy));
            Assert.That(source.LastStatus.Samples, Is.EqualTo(1));
        });
    }

    [Test]
    public void Subscribe_LastObserverLeaves_PollingStops()
    {
        var time = new FakeTimeProvider(T0);
        var poller = ScriptedPoller.Constant("QueueLength", 1);
        using var source = new PolledMetricSource("queue", poller, new PolledMetricSourceOptions(), time);
        var subscription = source.Subscribe(_ => { });
        Step(time, 30);
        subscription.Dispose();

        Step(time, 300);

        Assert.That(poller.Attempts, Is.EqualTo(2));
    }

    [Test]
    public async Task PollAsync_FirstAttemptFails_RetriesWithinThePollAndStaysHealthy()
    {
        var time = new FakeTimeProvider(T0);
        var poller = new ScriptedPoller((attempt, now, _) => attempt == 1
            ? throw new IOException("connection reset")
            : ValueTask.FromResult(MetricPoll.Of([new MetricSample("QueueLength", MetricSourceKind.Application, 2, now)])));
        using var source = new PolledMetricSource("queue", poller, new PolledMetricSourceOptions { RetryDelay = TimeSpan.FromSeconds(2) }, time);

        var poll = source.PollAsync();
        time.Advance(TimeSpan.FromSeconds(2));
        var status = await poll.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Multiple(() =>
        {
            Assert.That(status.Health, Is.EqualTo(MetricSourceHealth.Healthy));
            Assert.That(status.Samples, Is.EqualTo(1));
            Assert.That(poller.Attempts, Is.EqualTo(2));
            Assert.That(poller.Times[1] - poller.Times[0], Is.EqualTo(TimeSpan.FromSeconds(2)), "the retry waited the retry delay");
        });
    }

    [Test]
    public async Task PollAsync_EveryAttemptFails_UnavailableWithTheError_ThenRecovers()
    {
        var time = new FakeTimeProvider(T0);
        var failing = true;
        var poller = new ScriptedPoller((_, now, _) => failing
            ? throw new IOException("connection refused")
            : ValueTask.FromResult(MetricPoll.Of([new MetricSample("QueueLength", MetricSourceKind.Application, 2, now)])));
        using var source = new PolledMetricSource("queue", poller, new PolledMetricSourceOptions { MaxRetryAttempts = 2, RetryDelay = TimeSpan.FromSeconds(1) }, time);
        var statuses = new List<MetricSourceStatus>();
        using var watch = source.Status.Subscribe(statuses.Add);

        var first = source.PollAsync();
        time.Advance(TimeSpan.FromSeconds(1)); // first retry
        time.Advance(TimeSpan.FromSeconds(2)); // second retry, twice as long
        var failed = await first.WaitAsync(TimeSpan.FromSeconds(30));
        failing = false;
        var recovered = await source.PollAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Multiple(() =>
        {
            Assert.That(failed.Health, Is.EqualTo(MetricSourceHealth.Unavailable));
            Assert.That(failed.Error, Does.Contain("connection refused").And.Contain("3 attempts"));
            Assert.That(failed.ConsecutiveFailures, Is.EqualTo(1));
            Assert.That(failed.Samples, Is.Zero);
            Assert.That(recovered.Health, Is.EqualTo(MetricSourceHealth.Healthy));
            Assert.That(recovered.ConsecutiveFailures, Is.Zero);
            Assert.That(statuses.Select(s => s.Health), Is.EqualTo(new[] { MetricSourceHealth.Unavailable, MetricSourceHealth.Healthy }));
        });
    }

    [Test]
    public async Task PollAsync_AttemptHangs_CancelledAtTheTimeoutAndReportedAsTimedOut()
    {
        var time = new FakeTimeProvider(T0);
        var poller = new ScriptedPoller(async (_, _, ct) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, time, ct);
            return MetricPoll.Empty;
        });
        using var source = new PolledMetricSource("slow", poller, new PolledMetricSourceOptions { MaxRetryAttempts = 0, Timeout = TimeSpan.FromSeconds(5) }, time);

        var poll = source.PollAsync();
        time.Advance(TimeSpan.FromSeconds(5));
        var status = await poll.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Multiple(() =>
        {
            Assert.That(status.Health, Is.EqualTo(MetricSourceHealth.Unavailable));
            Assert.That(status.Error, Does.Contain("timed out"));
        });
    }

    [Test]
    public void Timer_PollOverrunsItsInterval_SkipsMissedBoundariesAndNeverOverlaps()
    {
        var time = new FakeTimeProvider(T0);
        var running = 0;
        var maxRunning = 0;
        var poller = new ScriptedPoller(async (attempt, _, ct) =>
        {
            var now = Interlocked.Increment(ref running);
            maxRunning = Math.Max(maxRunning, now);
            try
            {
                if (attempt == 1)
                {
                    await Task.Delay(TimeSpan.FromSeconds(40), time, ct); // overruns two boundaries
                }

                return MetricPoll.Empty;
            }
            finally
            {
                Interlocked.Decrement(ref running);
            }
        });
        using var source = new PolledMetricSource("slow", poller, new PolledMetricSourceOptions { Timeout = TimeSpan.FromMinutes(1) }, time);
        using var subscription = source.Subscribe(_ => { });

        Step(time, 80);

        Assert.Multiple(() =>
        {
            // Poll 1 starts at 15 s and ends at 55 s; the next boundary after that is 60 s, then 75 s.
            Assert.That(poller.Times.Select(t => (t - T0).TotalSeconds), Is.EqualTo(new[] { 15.0, 60.0, 75.0 }));
            Assert.That(maxRunning, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task PollAsync_ObserverThrows_OtherObserversStillReceiveAndTheFaultIsAProblem()
    {
        var time = new FakeTimeProvider(T0);
        using var source = new PolledMetricSource("queue", ScriptedPoller.Constant("QueueLength", 3), new PolledMetricSourceOptions(), time);
        var received = new List<MetricSample>();
        using var bad = source.Subscribe(_ => throw new InvalidOperationException("logging bug"));
        using var good = source.Subscribe(received.Add);

        await source.PollAsync();
        var second = await source.PollAsync();

        Assert.Multiple(() =>
        {
            Assert.That(received, Has.Count.EqualTo(2));
            Assert.That(second.Problems, Has.One.Contains("logging bug").And.Contain("QueueLength"));
        });
    }

    [Test]
    public async Task PollAsync_ProblemsOfTheAnswer_ArePassedOnWithAHealthyStatus()
    {
        var time = new FakeTimeProvider(T0);
        var poller = new ScriptedPoller((_, now, _) => ValueTask.FromResult(new MetricPoll(
            [new MetricSample("QueueLength", MetricSourceKind.Application, 1, now)],
            ["row 3: value 'abc' is not a number"])));
        using var source = new PolledMetricSource("queue", poller, new PolledMetricSourceOptions(), time);

        var status = await source.PollAsync();

        Assert.Multiple(() =>
        {
            Assert.That(status.Health, Is.EqualTo(MetricSourceHealth.Healthy));
            Assert.That(status.Problems, Is.EqualTo(new[] { "row 3: value 'abc' is not a number" }));
        });
    }

    [Test]
    public void Dispose_CompletesObserversAndStopsPolling()
    {
        var time = new FakeTimeProvider(T0);
        var poller = ScriptedPoller.Constant("QueueLength", 1);
        var source = new PolledMetricSource("queue", poller, new PolledMetricSourceOptions(), time);
        var completed = false;
        using var subscription = source.Subscribe(_ => { }, () => completed = true);

        source.Dispose();
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Multiple(() =>
        {
            Assert.That(completed, Is.True);
            Assert.That(poller.Attempts, Is.Zero);
            Assert.That(() => source.Subscribe(_ => { }), Throws.TypeOf<ObjectDisposedException>());
        });
    }

    /// <summary>Advances the clock a second at a time, so each timer fires at its own time.</summary>
    private static void Step(FakeTimeProvider time, int seconds)
    {
        for (var i = 0; i < seconds; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
        }
    }

    [Test]
    public void Constructor_InvalidOptions_NamesEveryOne()
    {
        var options = new PolledMetricSourceOptions { Interval = TimeSpan.Zero, Timeout = TimeSpan.FromSeconds(-1), MaxRetryAttempts = -1 };

        Assert.That(
            () => new PolledMetricSource("x", ScriptedPoller.Constant("m", 1), options),
            Throws.ArgumentException.With.Message.Contains("Interval").And.Message.Contains("Timeout").And.Message.Contains("MaxRetryAttempts"));
    }
}
