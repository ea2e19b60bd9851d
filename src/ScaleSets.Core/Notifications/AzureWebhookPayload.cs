using System.Buffers;
using System.Globalization;
using System.Text.Json;
using ScaleSets.Model;

namespace ScaleSets.Notifications;

/// <summary>
/// Writes the body Azure Monitor autoscale POSTs to a webhook: <c>version</c>, <c>status</c>, <c>operation</c>
/// (<c>Scale Out</c> or <c>Scale In</c>), <c>context</c> (timestamp, setting id and name, details, subscription,
/// resource group, resource name, type and id, portal link, region, old and new capacity) and the webhook's
/// <c>properties</c>.
/// </summary>
/// <remarks>
/// Capacities are strings, as Azure sends them. When the setting's target is not an Azure resource id (infrastructure
/// outside Azure), the subscription, resource group, type and portal link are empty strings, the resource name is the
/// scale set's name and the resource id is the target as written (or the scale set's name); <c>resourceRegion</c> is
/// present only when the setting names a <c>targetResourceLocation</c>.
/// </remarks>
internal static class AzureWebhookPayload
{
    /// <summary>The payload schema version.</summary>
    public const string Version = "1.0";

    /// <summary>The status of a notified scale action.</summary>
    public const string Status = "Activated";

    /// <summary>Returns the payload's <c>operation</c> text.</summary>
    /// <param name="operation">The operation.</param>
    /// <returns><c>Scale Out</c> or <c>Scale In</c>.</returns>
    public static string OperationText(ScaleNotificationOperation operation) =>
        operation == ScaleNotificationOperation.ScaleOut ? "Scale Out" : "Scale In";

    /// <summary>Writes the payload of one notification for one webhook.</summary>
    /// <param name="notification">The notification.</param>
    /// <param name="webhook">The webhook, whose properties are copied.</param>
    /// <param name="portalLinkBase">The start of the portal link.</param>
    /// <returns>The UTF-8 JSON.</returns>
    public static byte[] Write(ScaleNotification notification, WebhookNotification webhook, string portalLinkBase)
    {
        var culture = CultureInfo.InvariantCulture;
        var isAzure = AzureResourceId.TryParse(notification.TargetResourceUri, out var target);
        var resourceId = notification.TargetResourceUri ?? notification.ScaleSet;
        var resourceName = isAzure ? target.ResourceName : notification.ScaleSet;
        var settingId = isAzure
            ? $"/subscriptions/{target.SubscriptionId}/resourceGroups/{target.ResourceGroupName}/providers/microsoft.insights/autoscalesettings/{notification.SettingName}"
            : notification.SettingName;

        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("version", Version);
            json.WriteString("status", Status);
            json.WriteString("operation", OperationText(notification.Operation));
            json.WriteStartObject("context");
            json.WriteString("timestamp", notification.Timestamp.UtcDateTime.ToString("O", culture));
            json.WriteString("id", settingId);
            json.WriteString("name", notification.SettingName);
            json.WriteString("details", Details(resourceName, notification.OldCapacity, notification.NewCapacity));
            json.WriteString("subscriptionId", isAzure ? target.SubscriptionId : "");
            json.WriteString("resourceGroupName", isAzure ? target.ResourceGroupName : "");
            json.WriteString("resourceName", resourceName);
            json.WriteString("resourceType", isAzure ? target.ResourceType : "");
            json.WriteString("resourceId", resourceId);
            json.WriteString("portalLink", isAzure ? portalLinkBase + "/" + resourceId.Trim().Trim('/') : "");
            if (notification.TargetResourceLocation is { } region)
            {
                json.WriteString("resourceRegion", region);
            }

            json.WriteString("oldCapacity", notification.OldCapacity.ToString(culture));
            json.WriteString("newCapacity", notification.NewCapacity.ToString(culture));
            json.WriteEndObject();
            json.WriteStartObject("properties");
            foreach (var (key, value) in webhook.Properties ?? [])
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Returns Azure's <c>details</c> sentence.</summary>
    /// <param name="resourceName">The scaled resource's name.</param>
    /// <param name="oldCapacity">The capacity before.</param>
    /// <param name="newCapacity">The capacity after.</param>
    /// <returns>For example <c>Autoscale successfully started scale operation for resource 'vmss1' from capacity '3' to capacity '2'</c>.</returns>
    public static string Details(string resourceName, int oldCapacity, int newCapacity) => string.Create(
        CultureInfo.InvariantCulture,
        $"Autoscale successfully started scale operation for resource '{resourceName}' from capacity '{oldCapacity}' to capacity '{newCapacity}'");
}
