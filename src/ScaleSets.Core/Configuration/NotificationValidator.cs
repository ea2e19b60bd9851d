using ScaleSets.Model;
using static System.FormattableString;

namespace ScaleSets.Configuration;

/// <summary>Checks a setting's notifications: Azure's one operation, webhook addresses and e-mail addresses.</summary>
internal static class NotificationValidator
{
    /// <summary>The only operation Azure notifies about.</summary>
    public const string ScaleOperation = "Scale";

    /// <summary>Adds every problem of <paramref name="notifications"/> to <paramref name="problems"/>.</summary>
    /// <param name="notifications">The setting's notifications.</param>
    /// <param name="path">Their path, for example <c>$.notifications</c>.</param>
    /// <param name="problems">Where problems go.</param>
    public static void Validate(List<AutoscaleNotification>? notifications, string path, List<SettingProblem> problems)
    {
        if (notifications is null)
        {
            problems.Add(Error(path, "is null; use an empty list for no notifications"));
            return;
        }

        for (var i = 0; i < notifications.Count; i++)
        {
            var at = Invariant($"{path}[{i}]");
            if (notifications[i] is not { } notification)
            {
                problems.Add(Error(at, "is null"));
                continue;
            }

            if (!string.Equals(notification.Operation, ScaleOperation, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(Error(at + ".operation", $"unknown operation '{notification.Operation}'; the only operation is '{ScaleOperation}'"));
            }

            if (notification.Email is { } email)
            {
                ValidateEmail(email, at + ".email", problems);
            }

            if (notification.Webhooks is null)
            {
                problems.Add(Error(at + ".webhooks", "is null; use an empty list for no webhooks"));
                continue;
            }

            for (var w = 0; w < notification.Webhooks.Count; w++)
            {
                ValidateWebhook(notification.Webhooks[w], Invariant($"{at}.webhooks[{w}]"), problems);
            }
        }
    }

    private static void ValidateEmail(EmailNotification email, string path, List<SettingProblem> problems)
    {
        if (email.CustomEmails is null)
        {
            problems.Add(Error(path + ".customEmails", "is null; use an empty list for none"));
            return;
        }

        for (var i = 0; i < email.CustomEmails.Count; i++)
        {
            var address = email.CustomEmails[i];
            if (string.IsNullOrWhiteSpace(address) || address.IndexOf('@', StringComparison.Ordinal) <= 0 || address.EndsWith('@'))
            {
                problems.Add(Error(Invariant($"{path}.customEmails[{i}]"), $"'{address}' is not an e-mail address"));
            }
        }
    }

    private static void ValidateWebhook(WebhookNotification? webhook, string path, List<SettingProblem> problems)
    {
        if (webhook is null)
        {
            problems.Add(Error(path, "is null"));
            return;
        }

        if (!Uri.TryCreate(webhook.ServiceUri, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            problems.Add(Error(path + ".serviceUri", $"'{webhook.ServiceUri}' is not an absolute http or https address"));
        }

        if (webhook.Properties is null)
        {
            problems.Add(Error(path + ".properties", "is null; use an empty object for no properties"));
        }
    }

    private static SettingProblem Error(string path, string message) => new(path, message, SettingProblemSeverity.Error);
}
