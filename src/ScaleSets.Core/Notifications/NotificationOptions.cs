namespace ScaleSets.Notifications;

/// <summary>How a <see cref="NotificationDispatcher"/> delivers notifications.</summary>
public sealed class NotificationOptions
{
    /// <summary>Gets or sets how many notifications may wait for delivery; a notification beyond it is dropped and counted.</summary>
    /// <value>The default is 100. At least 1.</value>
    public int QueueCapacity { get; set; } = 100;

    /// <summary>Gets or sets how many times a failed delivery is retried (a webhook's 5xx, 408 or 429, a network error, a timeout).</summary>
    /// <value>The default is 3. 0 or more.</value>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>Gets or sets the delay before the first retry; each further retry waits twice as long.</summary>
    /// <value>The default is 2 seconds. Not negative.</value>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets how long one attempt (one POST, one sink call) may take before it is abandoned and retried.</summary>
    /// <value>The default is 10 seconds. Positive.</value>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Gets or sets the client webhooks are POSTed with, or <see langword="null"/> for one the dispatcher creates and
    /// disposes. A client of the user's stays theirs (its handlers, proxy and own timeout apply) and is not disposed.
    /// </summary>
    /// <value>The default is <see langword="null"/>.</value>
    public HttpClient? HttpClient { get; set; }

    /// <summary>Gets or sets the start of the payload's <c>portalLink</c>, followed by the target's resource id.</summary>
    /// <value>The default is <c>https://portal.azure.com/#resource</c>.</value>
    public string PortalLinkBase { get; set; } = "https://portal.azure.com/#resource";
}
