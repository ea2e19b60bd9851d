using System.Reactive.Concurrency;
using System.Reactive.Subjects;
using Polly.Timeout;
using ScaleSets.Engine;
using ScaleSets.Metrics;
using ScaleSets.Model;
using ScaleSets.Notifications;
using static ScaleSets.Tests.Notifications.NotificationTestData;

namespace ScaleSets.Tests.Notifications;

[TestFixture]
public sealed class NotificationDispatcherTests
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);

    [Test]
    [CancelAfter(60_000)]
    public async Task TryEnqueue_WebhookAnswers500_RetriesWithExponentialBackoffInVirtualTime()
    {
        await using var listener = new WebhookListener(500, 503, 200);
        var time = new TimerWatchingTimeProvider();
        await using var dispatcher = new NotificationDispatcher(Options(), timeProvider: time);
        using var events = new EventRecorder(dispatcher);

        dispatcher.TryEnqueue(Notification(Setting(listener.Uri)));
        var first = await listener.NextAsync();
        var retry = await events.NextAsync(NotificationEventKind.Retrying);
        await time.WaitForTimerAsync(Delay);
        Assert.That(listener.Count, Is.EqualTo(1), "no second attempt before the backoff elapses");
        time.Advance(Delay);
        var second = await listener.NextAsync();
        var secondRetry = await events.NextAsync(NotificationEventKind.Retrying);
        await time.WaitForTimerAsync(Delay * 2);
        time.Advance(Delay * 2);
        var third = await listener.NextAsync();
        var delivered = await events.NextAsync(NotificationEventKind.Delivered);

        Assert.Multiple(() =>
        {
            Assert.That((retry.Attempt, retry.StatusCode, retry.RetryDelay), Is.EqualTo((1, (int?)500, (TimeSpan?)Delay)));
            Assert.That((secondRetry.Attempt, secondRetry.StatusCode, secondRetry.RetryDelay), Is.EqualTo((2, (int?)503, (TimeSpan?)(Delay * 2))));
            Assert.That((delivered.Attempt, delivered.StatusCode, delivered.Target), Is.EqualTo((3, (int?)200, listener.Uri.ToString())));
            Assert.That(second.Body, Is.EqualTo(first.Body), "every attempt posts the same payload");
            Assert.That(third.Body, Is.EqualTo(first.Body));
            Assert.That(listener.Count, Is.EqualTo(3));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task TryEnqueue_WebhookNeverAnswers_TimesOutAndRetries()
    {
        await using var listener = new WebhookListener(WebhookListener.Hang, 200);
        var time = new TimerWatchingTimeProvider();
        await using var dispatcher = new NotificationDispatcher(Options(), timeProvider: time);
        using var events = new EventRecorder(dispatcher);

        dispatcher.TryEnqueue(Notification(Setting(listener.Uri)));
        await listener.NextAsync();
        await time.WaitForTimerAsync(AttemptTimeout);
        time.Advance(AttemptTimeout);
        var retry = await events.NextAsync(NotificationEventKind.Retrying);
        await time.WaitForTimerAsync(Delay);
        time.Advance(Delay);
        await listener.NextAsync();
        var delivered = await events.NextAsync(NotificationEventKind.Delivered);

        Assert.Multiple(() =>
        {
            Assert.That(retry.Exception, Is.InstanceOf<TimeoutRejectedException>());
            Assert.That(retry.StatusCode, Is.Null);
            Assert.That(delivered.Attempt, Is.EqualTo(2));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task TryEnqueue_WebhookAnswers404_FailsWithoutRetry()
    {
        await using var listener = new WebhookListener(404);
        await using var dispatcher = new NotificationDispatcher(Options(), timeProvider: new TimerWatchingTimeProvider());
        using var events = new EventRecorder(dispatcher);

        dispatcher.TryEnqueue(Notification(Setting(listener.Uri)));
        var failed = await events.NextAsync(NotificationEventKind.Failed);

        Assert.Multiple(() =>
        {
            Assert.That((failed.Attempt, failed.StatusCode), Is.EqualTo((1, (int?)404)));
            Assert.That(events.Seen.Any(e => e.Kind == NotificationEventKind.Retrying), Is.False);
            Assert.That(failed.ToString(), Is.EqualTo($"delivery to {listener.Uri} failed after 1 attempt(s) (HTTP 404)"));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task TryEnqueue_SinkFailsOnce_IsRetriedAndGetsTheMergedEmail()
    {
        var sink = new RecordingSink(failures: 1);
        var time = new TimerWatchingTimeProvider();
        await using var dispatcher = new NotificationDispatcher(Options(), [sink], time);
        using var events = new EventRecorder(dispatcher);
        var setting = Setting(null, email: new EmailNotification { SendToSubscriptionAdministrator = true, CustomEmails = ["ops@example.com"] });
        setting.Notifications.Add(new AutoscaleNotification { Email = new EmailNotification { CustomEmails = ["OPS@example.com", "dev@example.com"] } });

        dispatcher.TryEnqueue(Notification(setting));
        var retry = await events.NextAsync(NotificationEventKind.Retrying);
        await time.WaitForTimerAsync(Delay);
        time.Advance(Delay);
        var received = await sink.NextAsync();

        Assert.Multiple(() =>
        {
            Assert.That(retry.Exception!.Message, Is.EqualTo("mail server refused the connection"));
            Assert.That(retry.Target, Is.EqualTo("recording"));
            Assert.That(received.Email!.CustomEmails, Is.EqualTo(new[] { "ops@example.com", "dev@example.com" }));
            Assert.That(received.Email.SendToSubscriptionAdministrator, Is.True);
            Assert.That(received.Email.SendToSubscriptionCoAdministrators, Is.False);
            Assert.That(received.Operation, Is.EqualTo(ScaleNotificationOperation.ScaleIn));
            Assert.That(sink.Calls, Is.EqualTo(2));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Attach_HangingWebhook_EvaluationsRunOnAndTheOverflowIsDroppedAndReported()
    {
        await using var listener = new WebhookListener(WebhookListener.Hang, WebhookListener.Hang, WebhookListener.Hang);
        var options = Options();
        options.QueueCapacity = 2;
        await using var dispatcher = new NotificationDispatcher(options, timeProvider: new TimerWatchingTimeProvider());
        using var events = new EventRecorder(dispatcher);
        var start = new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
        var scheduler = new HistoricalScheduler(start);
        using var engine = new AutoscaleEngine(scheduler);
        using var cpu = new Subject<MetricSample>();
        var setting = Setting(listener.Uri);
        setting.Profiles[0].Rules.Add(new ScaleRule
        {
            Name = "always-out",
            MetricTrigger = new MetricTrigger { MetricName = "Percentage CPU", TimeGrain = TimeSpan.FromMinutes(1), TimeWindow = TimeSpan.FromMinutes(5), Operator = ComparisonOperator.GreaterThan, Threshold = 50 },
            ScaleAction = new ScaleAction { Direction = ScaleDirection.Increase, Type = ScaleType.ChangeCount, Value = 1, Cooldown = TimeSpan.FromMinutes(1) },
        });
        var autoscaler = engine.AddScaleSet("vmss1", setting, 1, [cpu]);
        var actions = new List<ScaleSets.Policy.ScaleDecision>();
        using var recorded = autoscaler.Decisions.Subscribe(d => { if (d.IsAction) { actions.Add(d); } });
        using var attached = dispatcher.Attach(autoscaler);
        for (var second = 0; second < 20 * 60; second += 30)
        {
            var at = start.AddSeconds(second);
            scheduler.Schedule(at, () => cpu.OnNext(new MetricSample("Percentage CPU", MetricSourceKind.Host, 90, at, "vm-0")));
        }

        using var running = engine.Start();
        scheduler.AdvanceTo(start.AddMinutes(1));
        Assert.That(actions, Has.Count.EqualTo(1), () => "one scale action at the first evaluation: " + string.Join(" | ", actions.Select(a => a.Time + " " + a.Explain())));
        var hanging = await listener.NextAsync();
        scheduler.AdvanceTo(start.AddMinutes(16));
        var dropped = await events.NextAsync(NotificationEventKind.Dropped);

        Assert.Multiple(() =>
        {
            Assert.That(actions, Has.Count.EqualTo(9), "the engine kept evaluating and acting (1 -> 10, one a minute) while the webhook hung");
            Assert.That(listener.Count, Is.EqualTo(1), "the first delivery still hangs; the rest wait or were dropped");
            Assert.That(dispatcher.DroppedCount, Is.EqualTo(actions.Count - 1 - options.QueueCapacity));
            Assert.That(dropped.Dropped, Is.EqualTo(1));
            Assert.That(dropped.ToString(), Is.EqualTo("1 notification(s) dropped: the delivery queue was full"));
            Assert.That(hanging.Body, Does.Contain("\"operation\":\"Scale Out\""));
        });
    }

    [Test]
    public void Constructor_BadOptions_ListsEveryProblem()
    {
        var options = new NotificationOptions { QueueCapacity = 0, MaxRetryAttempts = -1, RetryDelay = TimeSpan.FromSeconds(-1), AttemptTimeout = TimeSpan.Zero };

        var error = Assert.Throws<ArgumentException>(() => _ = new NotificationDispatcher(options))!;

        Assert.That(error.Message, Does.Contain("QueueCapacity").And.Contain("MaxRetryAttempts").And.Contain("RetryDelay").And.Contain("AttemptTimeout"));
    }
}
