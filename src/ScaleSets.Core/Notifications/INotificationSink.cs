namespace ScaleSets.Notifications;

/// <summary>
/// Delivers scale notifications some way of the user's choosing: e-mail (SMTP, a mail API), chat, a pager. Webhooks
/// are delivered by <see cref="NotificationDispatcher"/> itself.
/// </summary>
/// <remarks>
/// The dispatcher calls every sink once per scale action of the scale sets it watches, off the evaluation path, with the
/// retry and per-attempt timeout of <see cref="NotificationOptions"/> (an exception is retried; honour the token). An
/// e-mail sink sends to <see cref="ScaleNotification.Email"/> and does nothing when it is <see langword="null"/>; the
/// administrator flags name Azure subscription roles, which the sink maps to addresses of its own or ignores.
/// </remarks>
public interface INotificationSink
{
    /// <summary>Gets a short name for events and logs, for example <c>smtp</c>.</summary>
    string Name { get; }

    /// <summary>Delivers one notification.</summary>
    /// <param name="notification">The notification.</param>
    /// <param name="cancellationToken">Canceled when the attempt times out or the dispatcher stops.</param>
    /// <returns>A task that completes when the notification is delivered.</returns>
    Task SendAsync(ScaleNotification notification, CancellationToken cancellationToken);
}
