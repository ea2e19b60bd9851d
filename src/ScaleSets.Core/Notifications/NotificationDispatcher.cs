using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using System.Threading.Channels;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using ScaleSets.Engine;
using ScaleSets.Model;

namespace ScaleSets.Notifications;

/// <summary>
/// Delivers scale notifications off the decision path: webhooks are POSTed with Azure's autoscale payload, and every
/// <see cref="INotificationSink"/> (e-mail and the like) is called, each retried with exponential backoff and a
/// per-attempt timeout (Polly). Enqueuing never blocks: the queue is bounded, and a notification that does not fit is
/// dropped, counted in <see cref="DroppedCount"/> and reported in <see cref="Events"/>.
/// </summary>
/// <remarks>
/// One notification is delivered at a time, its webhooks and sinks concurrently; a webhook that hangs holds the queue
/// for at most <see cref="NotificationOptions.AttemptTimeout"/> per attempt, never an evaluation. <see cref="Events"/>
/// observers are called one at a time, on the dispatcher's own task, never under a lock. Disposing cancels deliveries in
/// flight; notifications still queued are abandoned.
/// </remarks>
public sealed class NotificationDispatcher : IAsyncDisposable, IDisposable
{
    private static readonly ResiliencePropertyKey<string> TargetKey = new("scalesets.notification.target");
    private static readonly ResiliencePropertyKey<ScaleNotification> NotificationKey = new("scalesets.notification");
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    private readonly NotificationOptions _options;
    private readonly INotificationSink[] _sinks;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly Channel<ScaleNotification> _queue;
    private readonly Channel<NotificationEvent> _events = Channel.CreateUnbounded<NotificationEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Subject<NotificationEvent> _subject = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ResiliencePipeline<HttpResponseMessage> _webhookPipeline;
    private readonly ResiliencePipeline _sinkPipeline;
    private readonly Task _loop;
    private readonly Task _pump;
    private long _dropped;
    private int _disposed;

    /// <summary>Initializes a new instance of the <see cref="NotificationDispatcher"/> class and starts delivering.</summary>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    /// <param name="sinks">The sinks to call for every notification (e-mail and the like), or <see langword="null"/> for none.</param>
    /// <param name="timeProvider">The clock of backoff delays and timeouts, or <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentException">An option is out of range; the message lists every problem.</exception>
    public NotificationDispatcher(NotificationOptions? options = null, IEnumerable<INotificationSink>? sinks = null, TimeProvider? timeProvider = null)
    {
        _options = options ?? new NotificationOptions();
        Validate(_options);
        _sinks = [.. sinks ?? []];
        if (_sinks.Any(static s => s is null))
        {
            throw new ArgumentException("A notification sink is null.", nameof(sinks));
        }

        _ownsHttp = _options.HttpClient is null;
        _http = _options.HttpClient ?? new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        _queue = Channel.CreateBounded<ScaleNotification>(new BoundedChannelOptions(_options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        var time = timeProvider ?? TimeProvider.System;
        _webhookPipeline = BuildWebhookPipeline(time);
        _sinkPipeline = BuildSinkPipeline(time);
        _pump = Task.Run(PumpAsync);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Gets what happens to deliveries: delivered, retrying, failed, dropped. Completes when the dispatcher is disposed.</summary>
    public IObservable<NotificationEvent> Events => _subject.AsObservable();

    /// <summary>Gets how many notifications were dropped because the queue was full.</summary>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    /// <summary>Queues a notification for delivery; returns at once.</summary>
    /// <param name="notification">The notification.</param>
    /// <returns><see langword="false"/> when the queue is full (the notification is dropped and reported) or the dispatcher is disposed.</returns>
    public bool TryEnqueue(ScaleNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (_queue.Writer.TryWrite(notification))
        {
            return true;
        }

        if (Volatile.Read(ref _disposed) == 0)
        {
            Interlocked.Increment(ref _dropped);
            Publish(new NotificationEvent(NotificationEventKind.Dropped, "", null) { Dropped = 1 });
        }

        return false;
    }

    /// <summary>
    /// Notifies about every scale action of <paramref name="autoscaler"/>, with the setting in force at the time. Only
    /// enqueues, so the evaluation that decided never waits for a delivery.
    /// </summary>
    /// <param name="autoscaler">The scale set's autoscaler.</param>
    /// <returns>A subscription; dispose it to stop notifying.</returns>
    public IDisposable Attach(ScaleSetAutoscaler autoscaler)
    {
        ArgumentNullException.ThrowIfNull(autoscaler);
        return autoscaler.Decisions.Where(static d => d.IsAction).Subscribe(decision =>
        {
            var setting = autoscaler.Setting;
            if (_sinks.Length > 0 || HasWebhooks(setting))
            {
                TryEnqueue(ScaleNotification.FromDecision(decision, setting)!);
            }
        });
    }

    /// <summary>Stops delivering: cancels deliveries in flight, and completes <see cref="Events"/> once they have ended.</summary>
    /// <returns>A task that completes when the dispatcher has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        await ReleaseAfterStopAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Stops delivering without waiting: cancels deliveries in flight; <see cref="Events"/> completes and the resources are
    /// released once they have ended. Prefer <see cref="DisposeAsync"/>, which waits.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue.Writer.TryComplete();
        _stop.Cancel();
        _ = ReleaseAfterStopAsync();
    }

    private async Task ReleaseAfterStopAsync()
    {
        await _loop.ConfigureAwait(false);
        await _pump.ConfigureAwait(false);
        _stop.Dispose();
        _subject.Dispose();
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private static bool HasWebhooks(AutoscaleSetting setting) =>
        setting.Notifications?.Any(static n => n?.Webhooks is { Count: > 0 }) == true;

    private static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    private static void Validate(NotificationOptions options)
    {
        var problems = new List<string>();
        if (options.QueueCapacity < 1)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"QueueCapacity must be at least 1; it is {options.QueueCapacity}."));
        }

        if (options.MaxRetryAttempts < 0)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"MaxRetryAttempts must not be negative; it is {options.MaxRetryAttempts}."));
        }

        if (options.RetryDelay < TimeSpan.Zero || options.RetryDelay > TimeSpan.FromDays(1))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"RetryDelay must be between 0 and one day; it is {options.RetryDelay:c}."));
        }

        if (options.AttemptTimeout < TimeSpan.FromMilliseconds(10) || options.AttemptTimeout > TimeSpan.FromDays(1))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"AttemptTimeout must be between 10 ms and one day; it is {options.AttemptTimeout:c}."));
        }

        if (options.PortalLinkBase is null)
        {
            problems.Add("PortalLinkBase must not be null.");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid notification options: " + string.Join(" ", problems), nameof(options));
        }
    }

    private ResiliencePipeline<HttpResponseMessage> BuildWebhookPipeline(TimeProvider time)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        if (_options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(static response => IsTransient(response.StatusCode)),
                MaxRetryAttempts = _options.MaxRetryAttempts,
                Delay = _options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                OnRetry = args =>
                {
                    var status = args.Outcome.Result is { } response ? (int?)response.StatusCode : null;
                    args.Outcome.Result?.Dispose();
                    PublishRetry(args.Context, args.AttemptNumber, args.RetryDelay, status, args.Outcome.Exception);
                    return default;
                },
            });
        }

        return builder.AddTimeout(_options.AttemptTimeout).Build();
    }

    private ResiliencePipeline BuildSinkPipeline(TimeProvider time)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (_options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(static ex => ex is not OperationCanceledException),
                MaxRetryAttempts = _options.MaxRetryAttempts,
                Delay = _options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                OnRetry = args =>
                {
                    PublishRetry(args.Context, args.AttemptNumber, args.RetryDelay, null, args.Outcome.Exception);
                    return default;
                },
            });
        }

        return builder.AddTimeout(_options.AttemptTimeout).Build();
    }

    private void PublishRetry(ResilienceContext context, int attemptNumber, TimeSpan delay, int? status, Exception? exception)
    {
        context.Properties.TryGetValue(TargetKey, out var target);
        context.Properties.TryGetValue(NotificationKey, out var notification);
        Publish(new NotificationEvent(NotificationEventKind.Retrying, target ?? "", notification)
        {
            Attempt = attemptNumber + 1,
            RetryDelay = delay,
            StatusCode = status,
            Exception = exception,
        });
    }

    private void Publish(NotificationEvent notificationEvent) => _events.Writer.TryWrite(notificationEvent);

    private async Task PumpAsync()
    {
        await foreach (var notificationEvent in _events.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                _subject.OnNext(notificationEvent);
            }
#pragma warning disable CA1031 // An observer's bug must not stop the delivery of later events.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }

        _subject.OnCompleted();
    }

    private async Task RunAsync()
    {
        var stop = _stop.Token;
        try
        {
            await foreach (var notification in _queue.Reader.ReadAllAsync(stop).ConfigureAwait(false))
            {
                await DeliverAsync(notification, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Disposed: queued notifications are abandoned.
        }
        finally
        {
            _events.Writer.TryComplete();
        }
    }

    private Task DeliverAsync(ScaleNotification notification, CancellationToken stop)
    {
        var deliveries = new List<Task>();
        foreach (var webhook in notification.Recipients.SelectMany(static r => r?.Webhooks ?? []))
        {
            if (webhook is not null)
            {
                deliveries.Add(PostAsync(notification, webhook, stop));
            }
        }

        foreach (var sink in _sinks)
        {
            deliveries.Add(SendAsync(notification, sink, stop));
        }

        return Task.WhenAll(deliveries);
    }

    private async Task PostAsync(ScaleNotification notification, WebhookNotification webhook, CancellationToken stop)
    {
        var body = AzureWebhookPayload.Write(notification, webhook, _options.PortalLinkBase);
        var target = webhook.ServiceUri;
        var attempts = 0;
        var context = ResilienceContextPool.Shared.Get(stop);
        context.Properties.Set(TargetKey, target);
        context.Properties.Set(NotificationKey, notification);
        try
        {
            var outcome = await _webhookPipeline.ExecuteOutcomeAsync(
                async (ctx, state) =>
                {
                    attempts++;
                    try
                    {
                        using var content = new ByteArrayContent(state);
                        content.Headers.ContentType = Json;
                        var response = await _http.PostAsync(new Uri(target), content, ctx.CancellationToken).ConfigureAwait(false);
                        return Outcome.FromResult(response);
                    }
#pragma warning disable CA1031 // Every failure becomes an outcome the pipeline retries or reports.
                    catch (Exception ex)
#pragma warning restore CA1031
                    {
                        return Outcome.FromException<HttpResponseMessage>(ex);
                    }
                },
                context,
                body).ConfigureAwait(false);

            using var response = outcome.Result;
            var kind = response is { IsSuccessStatusCode: true } ? NotificationEventKind.Delivered : NotificationEventKind.Failed;
            Publish(new NotificationEvent(kind, target, notification)
            {
                Attempt = attempts,
                StatusCode = response is null ? null : (int)response.StatusCode,
                Exception = outcome.Exception,
            });
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async Task SendAsync(ScaleNotification notification, INotificationSink sink, CancellationToken stop)
    {
        var attempts = 0;
        var context = ResilienceContextPool.Shared.Get(stop);
        context.Properties.Set(TargetKey, sink.Name);
        context.Properties.Set(NotificationKey, notification);
        try
        {
            var outcome = await _sinkPipeline.ExecuteOutcomeAsync(
                async (ctx, state) =>
                {
                    attempts++;
                    try
                    {
                        // The user's code: never under a lock of ours, and any failure is an outcome.
                        await state.SendAsync(notification, ctx.CancellationToken).ConfigureAwait(false);
                        return Outcome.FromResult(true);
                    }
#pragma warning disable CA1031 // A sink's failure is reported, never thrown into the dispatcher.
                    catch (Exception ex)
#pragma warning restore CA1031
                    {
                        return Outcome.FromException<bool>(ex);
                    }
                },
                context,
                sink).ConfigureAwait(false);

            Publish(new NotificationEvent(outcome.Exception is null ? NotificationEventKind.Delivered : NotificationEventKind.Failed, sink.Name, notification)
            {
                Attempt = attempts,
                Exception = outcome.Exception,
            });
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
