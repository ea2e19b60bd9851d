using System.Threading.Channels;
using ScaleSets.Notifications;

namespace ScaleSets.Tests.Notifications;

/// <summary>An e-mail sink for tests: records every notification it is handed and fails its first <c>failures</c> calls.</summary>
internal sealed class RecordingSink(int failures = 0) : INotificationSink
{
    private readonly Channel<ScaleNotification> _received = Channel.CreateUnbounded<ScaleNotification>();
    private int _calls;

    public string Name => "recording";

    public int Calls => Volatile.Read(ref _calls);

    public Task SendAsync(ScaleNotification notification, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _calls) <= failures)
        {
            throw new InvalidOperationException("mail server refused the connection");
        }

        _received.Writer.TryWrite(notification);
        return Task.CompletedTask;
    }

    public async Task<ScaleNotification> NextAsync()
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await _received.Reader.ReadAsync(guard.Token);
    }
}
