namespace ScaleSets.Model;

/// <summary>Who receives an e-mail about a scale action (Azure's <c>EmailNotification</c>).</summary>
/// <remarks>
/// Outside Azure there is no subscription: the administrator flags are handed to the e-mail sink, which decides whom they
/// stand for (see <c>ScaleSets.Notifications.INotificationSink</c>).
/// </remarks>
public sealed class EmailNotification
{
    /// <summary>Gets or sets whether the subscription administrator is told.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool SendToSubscriptionAdministrator { get; set; }

    /// <summary>Gets or sets whether the subscription co-administrators are told.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool SendToSubscriptionCoAdministrators { get; set; }

    /// <summary>Gets or sets further addresses to send to.</summary>
    /// <value>The default is empty.</value>
    public List<string> CustomEmails { get; set; } = [];
}
