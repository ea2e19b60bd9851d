namespace ScaleSets.Model;

/// <summary>A webhook POSTed on each scale action (Azure's <c>WebhookNotification</c>).</summary>
public sealed class WebhookNotification
{
    /// <summary>Gets or sets the absolute <c>http</c> or <c>https</c> address that receives the payload.</summary>
    public string ServiceUri { get; set; } = "";

    /// <summary>Gets or sets the properties copied into the payload's <c>properties</c> object.</summary>
    /// <value>The default is empty.</value>
    public Dictionary<string, string> Properties { get; set; } = [];
}
