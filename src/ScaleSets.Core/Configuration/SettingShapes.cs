using System.Text.Json;
using ScaleSets.Metrics;
using ScaleSets.Model;
using static ScaleSets.Configuration.SettingJsonText;
using static ScaleSets.Configuration.SettingValues;

namespace ScaleSets.Configuration;

/// <summary>
/// How a setting's objects above its rules are read (the setting, its predictive policy, profiles, capacity, schedules
/// and notifications): one <see cref="SettingObjectShape{T}"/> each. The rules are read by <see cref="ScaleRuleShapes"/>.
/// </summary>
internal static class SettingShapes
{
    private static readonly string[] AzureOtherFrequencies = ["None", "Second", "Minute", "Hour", "Day", "Month", "Year"];

    // Each shape is declared after the shapes it reads its parts with: a static field is set in the order written.
    public static readonly SettingObjectShape<ScaleCapacity> Capacity = new SettingObjectShape<ScaleCapacity>()
        .Keep("minimum", Int, (c, v) => c.Minimum = v)
        .Keep("maximum", Int, (c, v) => c.Maximum = v)
        .Keep("default", Int, (c, v) => c.Default = v);

    public static readonly SettingObjectShape<RecurrentSchedule> Schedule = new SettingObjectShape<RecurrentSchedule>()
        .Keep("timeZone", Text, (s, v) => s.TimeZone = v)
        .Set("days", ListOf(Day), (s, v) => s.Days = v)
        .Set("hours", ListOf(Int), (s, v) => s.Hours = v)
        .Set("minutes", ListOf(Int), (s, v) => s.Minutes = v);

    public static readonly SettingObjectShape<Recurrence> Recurrence = new SettingObjectShape<Recurrence>()
        .Add("frequency", ReadFrequency)
        .Into("schedule", Schedule, r => r.Schedule);

    public static readonly SettingObjectShape<FixedDateWindow> FixedDate = new SettingObjectShape<FixedDateWindow>()
        .Keep("timeZone", Text, (w, v) => w.TimeZone = v)
        .Keep("start", LocalDateTime, (w, v) => w.Start = v)
        .Keep("end", LocalDateTime, (w, v) => w.End = v);

    public static readonly SettingObjectShape<EmailNotification> Email = new SettingObjectShape<EmailNotification>()
        .Keep("sendToSubscriptionAdministrator", Bool, (e, v) => e.SendToSubscriptionAdministrator = v)
        .Keep("sendToSubscriptionCoAdministrators", Bool, (e, v) => e.SendToSubscriptionCoAdministrators = v)
        .List("customEmails", ListOf(Text), (e, v) => e.CustomEmails = v);

    public static readonly SettingObjectShape<WebhookNotification> Webhook = new SettingObjectShape<WebhookNotification>()
        .Keep("serviceUri", Text, (w, v) => w.ServiceUri = v)
        .Add("properties", ReadWebhookProperties);

    public static readonly SettingObjectShape<AutoscaleNotification> Notification = new SettingObjectShape<AutoscaleNotification>()
        .Keep("operation", Text, (n, v) => n.Operation = v)
        .Optional("email", Email.Read, (n, v) => n.Email = v)
        .List("webhooks", ListOf<WebhookNotification>(ReadWebhook), (n, v) => n.Webhooks = v);

    public static readonly SettingObjectShape<AutoscaleProfile> Profile = new SettingObjectShape<AutoscaleProfile>()
        .Keep("name", Text, (p, v) => p.Name = v)
        .Into("capacity", Capacity, p => p.Capacity)
        .Set("rules", ListOf(ScaleRuleShapes.Rule.Read), (p, v) => p.Rules = v)
        .Optional("recurrence", Recurrence.Read, (p, v) => p.Recurrence = v)
        .Optional("fixedDate", FixedDate.Read, (p, v) => p.FixedDate = v)
        .Keep("combination", Enum<RuleCombination>("rule combination"), (p, v) => p.Combination = v);

    public static readonly SettingObjectShape<PredictiveScalingPolicy> Predictive = new SettingObjectShape<PredictiveScalingPolicy>()
        .Keep("mode", Enum<PredictiveScalingMode>("predictive mode"), (p, v) => p.Mode = v)
        .Keep("metricName", Text, (p, v) => p.MetricName = v)
        .Optional("source", Enum<MetricSourceKind>("metric source"), (p, v) => p.Source = v)
        .Keep("timeGrain", Duration, (p, v) => p.TimeGrain = v)
        .Keep("statistic", Enum("statistic", ScaleRuleShapes.StatisticAliases), (p, v) => p.Statistic = v)
        .Keep("targetPerInstance", Number, (p, v) => p.TargetPerInstance = v)
        .Keep("isPerInstanceAverage", Bool, (p, v) => p.IsPerInstanceAverage = v)
        .Keep("quantile", Number, (p, v) => p.Quantile = v)
        .Keep("leadTime", Duration, (p, v) => p.LeadTime = v)
        .Optional("minimumHistory", Duration, (p, v) => p.MinimumHistory = v)
        .Keep("maximumHistory", Duration, (p, v) => p.MaximumHistory = v)
        .Keep("allowScaleIn", Bool, (p, v) => p.AllowScaleIn = v)
        .Keep("scaleInMargin", Number, (p, v) => p.ScaleInMargin = v)
        .Keep("refitInterval", Duration, (p, v) => p.RefitInterval = v)
        .Keep("allowCombination", Bool, (p, v) => p.AllowCombination = v);

    public static readonly SettingObjectShape<SettingBodyRead> Setting = new SettingObjectShape<SettingBodyRead>()
        .Keep("name", Text, (s, v) => s.Setting.Name = v)
        .Keep("enabled", Bool, (s, v) => s.Setting.Enabled = v)
        .Add("predictive", (r, s, value, at) =>
        {
            s.PredictiveGiven = true;
            s.Setting.Predictive = value.ValueKind == JsonValueKind.Null ? null : Predictive.Read(r, value, at);
        })
        .Set("profiles", ListOf(Profile.Read), (s, v) => s.Setting.Profiles = v)
        .Optional("pauseAtZero", Bool, (s, v) => s.Setting.PauseAtZero = v)
        .Optional("evaluationInterval", Duration, (s, v) => s.Setting.EvaluationInterval = v)
        .Set("targetResourceUri", ResourceId, (s, v) => s.Setting.TargetResourceUri = v)
        .Set("targetResourceLocation", ResourceId, (s, v) => s.Setting.TargetResourceLocation = v)
        .List("notifications", ListOf(Notification.Read), (s, v) => s.Setting.Notifications = v)
        .Add("predictiveAutoscalePolicy", (_, s, value, at) => s.AzurePredictive = (value, at), azureOnly: true)

        // Values Azure fills in at deployment may stay partly unknown where they only identify a resource; the
        // setting's own name only identifies it, as the resource's name does (often uniqueString(resourceGroup().id)).
        .TolerateUnknown("name", "targetResourceUri", "targetResourceLocation");

    private static void ReadFrequency(SettingValueReader reader, Recurrence recurrence, JsonElement value, string at)
    {
        if (value.ValueKind == JsonValueKind.String && Match(value.GetString()!.Trim(), AzureOtherFrequencies) is { } other)
        {
            reader.Error(at, $"recurrence frequency '{other}' is in Azure's API schema, but the API documents that the value must be Week (every other value is refused by the service); write Week and list the days in the schedule");
            return;
        }

        recurrence.Frequency = reader.ReadEnum<RecurrenceFrequency>(value, at, "recurrence frequency") ?? recurrence.Frequency;
    }

    private static WebhookNotification? ReadWebhook(SettingValueReader reader, JsonElement element, string path)
    {
        if (!reader.Expect(element, path, JsonValueKind.Object))
        {
            return null;
        }

        // Azure accepts an address it fills in at deployment (a Logic App's listCallbackUrl(), a reference()): the
        // document is valid, but there is no address to call here.
        if (Find(element, "serviceUri") is { } address && reader.Values.UnknownOf(address) is { } unknown)
        {
            var at = Child(path, element.EnumerateObject().First(p => Match(p.Name, ["serviceUri"]) is not null).Name);
            reader.Warning(at, $"serviceUri '{Shorten(address.GetString()!)}' depends on {unknown.Reason}; this webhook is not called (give its address, for example through a parameters file, to have it called)");
            return null;
        }

        return Webhook.ReadProperties(reader, element, path, new WebhookNotification(), []);
    }

    private static void ReadWebhookProperties(SettingValueReader reader, WebhookNotification webhook, JsonElement value, string at)
    {
        if (value.ValueKind == JsonValueKind.Null || !reader.Expect(value, at, JsonValueKind.Object))
        {
            return;
        }

        foreach (var property in value.EnumerateObject())
        {
            // Azure stores a string map; a number or flag is kept as its JSON text rather than refused.
            webhook.Properties[property.Name] = property.Value.ValueKind == JsonValueKind.String
                ? property.Value.GetString()!
                : property.Value.GetRawText();
        }
    }
}
