namespace ScaleSets.Notifications;

/// <summary>What happened to a notification's delivery.</summary>
public enum NotificationEventKind
{
    /// <summary>A webhook answered with a success status, or a sink returned.</summary>
    Delivered,

    /// <summary>An attempt failed and is retried after <see cref="NotificationEvent.RetryDelay"/>.</summary>
    Retrying,

    /// <summary>The delivery failed for good: a status that is not retried, or every retry failed.</summary>
    Failed,

    /// <summary>Notifications were dropped because the queue was full (<see cref="NotificationEvent.Dropped"/> says how many).</summary>
    Dropped,
}
