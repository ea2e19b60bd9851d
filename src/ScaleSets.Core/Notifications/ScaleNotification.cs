using System.Globalization;
using ScaleSets.Model;
using ScaleSets.Policy;

namespace ScaleSets.Notifications;

/// <summary>
/// One scale action to tell people about: what changed, for which setting and resource, and who is to be told (the
/// setting's <see cref="AutoscaleSetting.Notifications"/>).
/// </summary>
public sealed class ScaleNotification
{
    /// <summary>Initializes a new instance of the <see cref="ScaleNotification"/> class.</summary>
    /// <param name="scaleSet">The scale set's name.</param>
    /// <param name="setting">The setting in force; its name, target resource and notifications are used.</param>
    /// <param name="timestamp">When the scale action was decided.</param>
    /// <param name="oldCapacity">The capacity before.</param>
    /// <param name="newCapacity">The capacity after; different from <paramref name="oldCapacity"/>.</param>
    /// <param name="explanation">Why, in one sentence (for example <see cref="ScaleDecision.Explain"/>).</param>
    /// <exception cref="ArgumentException">The capacities are equal or negative, or the scale set has no name.</exception>
    public ScaleNotification(string scaleSet, AutoscaleSetting setting, DateTimeOffset timestamp, int oldCapacity, int newCapacity, string explanation)
    {
        ArgumentException.ThrowIfNullOrEmpty(scaleSet);
        ArgumentNullException.ThrowIfNull(setting);
        ArgumentNullException.ThrowIfNull(explanation);
        ArgumentOutOfRangeException.ThrowIfNegative(oldCapacity);
        ArgumentOutOfRangeException.ThrowIfNegative(newCapacity);
        if (oldCapacity == newCapacity)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"A scale notification needs a change; both capacities are {oldCapacity}."), nameof(newCapacity));
        }

        ScaleSet = scaleSet;
        SettingName = string.IsNullOrEmpty(setting.Name) ? scaleSet : setting.Name;
        TargetResourceUri = setting.TargetResourceUri;
        TargetResourceLocation = setting.TargetResourceLocation;
        Recipients = [.. setting.Notifications ?? []];
        Timestamp = timestamp;
        OldCapacity = oldCapacity;
        NewCapacity = newCapacity;
        Explanation = explanation;
        Email = MergeEmail(Recipients);
    }

    /// <summary>Gets the scale set's name.</summary>
    public string ScaleSet { get; }

    /// <summary>Gets the setting's name (the scale set's name when the setting has none).</summary>
    public string SettingName { get; }

    /// <summary>Gets the resource the setting scales, or <see langword="null"/>.</summary>
    public string? TargetResourceUri { get; }

    /// <summary>Gets the region of the resource the setting scales, or <see langword="null"/>.</summary>
    public string? TargetResourceLocation { get; }

    /// <summary>Gets who is to be told, as the setting lists them.</summary>
    public IReadOnlyList<AutoscaleNotification> Recipients { get; }

    /// <summary>
    /// Gets the e-mail recipients of all <see cref="Recipients"/> together (each address once, the administrator flags
    /// set when any entry sets them), or <see langword="null"/> when no entry names an e-mail recipient.
    /// </summary>
    public EmailNotification? Email { get; }

    /// <summary>Gets when the scale action was decided.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>Gets the capacity before.</summary>
    public int OldCapacity { get; }

    /// <summary>Gets the capacity after.</summary>
    public int NewCapacity { get; }

    /// <summary>Gets the direction of the change.</summary>
    public ScaleNotificationOperation Operation => NewCapacity > OldCapacity ? ScaleNotificationOperation.ScaleOut : ScaleNotificationOperation.ScaleIn;

    /// <summary>Gets why the capacity changed, in one sentence.</summary>
    public string Explanation { get; }

    /// <summary>Returns the notification of a decision that changes the capacity.</summary>
    /// <param name="decision">The decision.</param>
    /// <param name="setting">The setting in force.</param>
    /// <returns>The notification, or <see langword="null"/> when the decision changes nothing.</returns>
    public static ScaleNotification? FromDecision(ScaleDecision decision, AutoscaleSetting setting)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(setting);
        return decision.IsAction
            ? new ScaleNotification(decision.ScaleSet, setting, decision.Time, decision.From, decision.To, decision.Explain())
            : null;
    }

    private static EmailNotification? MergeEmail(IReadOnlyList<AutoscaleNotification> recipients)
    {
        EmailNotification? merged = null;
        foreach (var email in recipients.Select(static r => r?.Email).OfType<EmailNotification>())
        {
            merged ??= new EmailNotification();
            merged.SendToSubscriptionAdministrator |= email.SendToSubscriptionAdministrator;
            merged.SendToSubscriptionCoAdministrators |= email.SendToSubscriptionCoAdministrators;
            foreach (var address in email.CustomEmails ?? [])
            {
                if (!merged.CustomEmails.Contains(address, StringComparer.OrdinalIgnoreCase))
                {
                    merged.CustomEmails.Add(address);
                }
            }
        }

        return merged is { SendToSubscriptionAdministrator: false, SendToSubscriptionCoAdministrators: false, CustomEmails.Count: 0 } ? null : merged;
    }
}
