namespace ScaleSets.Model;

/// <summary>One entry of a setting's notifications (Azure's <c>AutoscaleNotification</c>): who is told about scale actions.</summary>
public sealed class AutoscaleNotification
{
    /// <summary>Gets or sets the operation notified about; Azure knows only <c>Scale</c> (every scale-out and scale-in).</summary>
    /// <value>The default is <c>Scale</c>.</value>
    public string Operation { get; set; } = "Scale";

    /// <summary>Gets or sets who receives an e-mail, or <see langword="null"/> for nobody.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public EmailNotification? Email { get; set; }

    /// <summary>Gets or sets the webhooks POSTed on each scale action.</summary>
    /// <value>The default is empty.</value>
    public List<WebhookNotification> Webhooks { get; set; } = [];
}
