namespace ScaleSets.Notifications;

/// <summary>One step of a notification's delivery, for logs and metrics.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Target">The webhook's address or the sink's name; empty for <see cref="NotificationEventKind.Dropped"/>.</param>
/// <param name="Notification">The notification, or <see langword="null"/> for <see cref="NotificationEventKind.Dropped"/>.</param>
public sealed record NotificationEvent(NotificationEventKind Kind, string Target, ScaleNotification? Notification)
{
    /// <summary>Gets the attempt this event is about, from 1.</summary>
    public int Attempt { get; init; }

    /// <summary>Gets the webhook's HTTP status, when it answered.</summary>
    public int? StatusCode { get; init; }

    /// <summary>Gets the delay before the next attempt (<see cref="NotificationEventKind.Retrying"/>).</summary>
    public TimeSpan? RetryDelay { get; init; }

    /// <summary>Gets the exception of a failed attempt, if any.</summary>
    public Exception? Exception { get; init; }

    /// <summary>Gets how many notifications were dropped since the previous <see cref="NotificationEventKind.Dropped"/> event.</summary>
    public long Dropped { get; init; }

    /// <summary>Gets a one-line description.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => Kind switch
    {
        NotificationEventKind.Dropped => $"{Dropped} notification(s) dropped: the delivery queue was full",
        NotificationEventKind.Retrying => $"attempt {Attempt} to {Target} failed ({Describe()}); retrying in {RetryDelay}",
        NotificationEventKind.Failed => $"delivery to {Target} failed after {Attempt} attempt(s) ({Describe()})",
        _ => $"delivered to {Target} (attempt {Attempt})",
    };

    private string Describe() => StatusCode is { } status ? $"HTTP {status}" : Exception?.Message ?? "unknown error";
}
