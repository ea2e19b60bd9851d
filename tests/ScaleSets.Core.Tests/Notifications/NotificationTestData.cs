using ScaleSets.Model;
using ScaleSets.Notifications;

namespace ScaleSets.Tests.Notifications;

internal static class NotificationTestData
{
    public const string Target = "/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.Compute/virtualMachineScaleSets/vmss1";

    public static readonly DateTimeOffset DecidedAt = new(2026, 3, 2, 8, 15, 0, TimeSpan.Zero);

    public static AutoscaleSetting Setting(Uri? webhook, string? target = Target, EmailNotification? email = null) => new()
    {
        Name = "web-autoscale",
        TargetResourceUri = target,
        TargetResourceLocation = "West US",
        Profiles = [new AutoscaleProfile { Name = "p", Capacity = new ScaleCapacity { Minimum = 1, Maximum = 10, Default = 1 } }],
        Notifications =
        [
            new AutoscaleNotification
            {
                Email = email,
                Webhooks = webhook is null ? [] : [new WebhookNotification { ServiceUri = webhook.ToString(), Properties = new() { ["key1"] = "value1", ["team"] = "ops" } }],
            },
        ],
    };

    public static ScaleNotification Notification(AutoscaleSetting setting, int from = 3, int to = 2) =>
        new("vmss1", setting, DecidedAt, from, to, "scale in 3 -> 2: rule 'cpu-low' Percentage CPU = 12 < 20 proposes 2");

    public static NotificationOptions Options() => new()
    {
        MaxRetryAttempts = 3,
        RetryDelay = TimeSpan.FromSeconds(2),
        AttemptTimeout = TimeSpan.FromSeconds(10),
    };
}
