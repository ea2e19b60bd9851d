using System.Threading.Channels;
using ScaleSets.Notifications;

namespace ScaleSets.Tests.Notifications;

/// <summary>Records a dispatcher's events and waits for one of a kind.</summary>
internal sealed class EventRecorder : IDisposable
{
    private readonly Channel<NotificationEvent> _events = Channel.CreateUnbounded<NotificationEvent>();
    private readonly IDisposable _subscription;

    public EventRecorder(NotificationDispatcher dispatcher) =>
        _subscription = dispatcher.Events.Subscribe(e => _events.Writer.TryWrite(e));

    public List<NotificationEvent> Seen { get; } = [];

    /// <summary>Returns the next event of <paramref name="kind"/>, keeping every event seen on the way.</summary>
    public async Task<NotificationEvent> NextAsync(NotificationEventKind kind)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            while (true)
            {
                var next = await _events.Reader.ReadAsync(guard.Token);
                Seen.Add(next);
                if (next.Kind == kind)
                {
                    return next;
                }
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"no {kind} event; seen: {string.Join(" | ", Seen)}");
            throw;
        }
    }

    public void Dispose() => _subscription.Dispose();
}
