using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ScaleSets.Model;

namespace ScaleSets.Configuration;

/// <summary>
/// Writes an autoscale setting in the native format, every property included, so that <see cref="SettingJsonReader"/>
/// reads back exactly the same setting.
/// </summary>
internal static class SettingJsonWriter
{
    private static readonly JsonWriterOptions Options = new() { Indented = true };

    /// <summary>Writes <paramref name="setting"/> as indented native JSON.</summary>
    /// <param name="setting">The setting.</param>
    /// <returns>The JSON text.</returns>
    public static string Write(AutoscaleSetting setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            writer.WriteString("name", setting.Name);
            writer.WriteBoolean("enabled", setting.Enabled);
            if (setting.PauseAtZero is { } pause)
            {
                writer.WriteBoolean("pauseAtZero", pause);
            }

            if (setting.EvaluationInterval is { } interval)
            {
                writer.WriteString("evaluationInterval", DurationText.Format(interval));
            }

            if (setting.Predictive is { } predictive)
            {
                WritePredictive(writer, predictive);
            }

            writer.WriteStartArray("profiles");
            foreach (var profile in setting.Profiles ?? [])
            {
                WriteProfile(writer, profile);
            }

            writer.WriteEndArray();
            WriteOptionalString(writer, "targetResourceUri", setting.TargetResourceUri);
            WriteOptionalString(writer, "targetResourceLocation", setting.TargetResourceLocation);
            if (setting.Notifications is { Count: > 0 } notifications)
            {
                WriteNotifications(writer, notifications);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteOptionalString(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteNotifications(Utf8JsonWriter writer, List<AutoscaleNotification> notifications)
    {
        writer.WriteStartArray("notifications");
        foreach (var notification in notifications)
        {
            writer.WriteStartObject();
            writer.WriteString("operation", notification.Operation);
            if (notification.Email is { } email)
            {
                writer.WriteStartObject("email");
                writer.WriteBoolean("sendToSubscriptionAdministrator", email.SendToSubscriptionAdministrator);
                writer.WriteBoolean("sendToSubscriptionCoAdministrators", email.SendToSubscriptionCoAdministrators);
                writer.WriteStartArray("customEmails");
                foreach (var address in email.CustomEmails ?? [])
                {
                    writer.WriteStringValue(address);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteStartArray("webhooks");
            foreach (var webhook in notification.Webhooks ?? [])
            {
                writer.WriteStartObject();
                writer.WriteString("serviceUri", webhook.ServiceUri);
                writer.WriteStartObject("properties");
                foreach (var (key, value) in webhook.Properties ?? [])
                {
                    writer.WriteString(key, value);
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WritePredictive(Utf8JsonWriter writer, PredictiveScalingPolicy policy)
    {
        writer.WriteStartObject("predictive");
        writer.WriteString("mode", EnumText(policy.Mode));
        writer.WriteString("metricName", policy.MetricName);

        // Null is spelled out: it means "any source" and "two seasons", not "not given".
        if (policy.Source is { } source)
        {
            writer.WriteString("source", EnumText(source));
        }
        else
        {
            writer.WriteNull("source");
        }

        writer.WriteString("timeGrain", DurationText.Format(policy.TimeGrain));
        writer.WriteString("statistic", EnumText(policy.Statistic));
        WriteDouble(writer, "targetPerInstance", policy.TargetPerInstance);
        writer.WriteBoolean("isPerInstanceAverage", policy.IsPerInstanceAverage);
        WriteDouble(writer, "quantile", policy.Quantile);
        writer.WriteString("leadTime", DurationText.Format(policy.LeadTime));
        if (policy.MinimumHistory is { } minimum)
        {
            writer.WriteString("minimumHistory", DurationText.Format(minimum));
        }
        else
        {
            writer.WriteNull("minimumHistory");
        }

        writer.WriteString("maximumHistory", DurationText.Format(policy.MaximumHistory));
        writer.WriteBoolean("allowScaleIn", policy.AllowScaleIn);
        WriteDouble(writer, "scaleInMargin", policy.ScaleInMargin);
        writer.WriteString("refitInterval", DurationText.Format(policy.RefitInterval));
        writer.WriteBoolean("allowCombination", policy.AllowCombination);
        writer.WriteEndObject();
    }

    private static void WriteProfile(Utf8JsonWriter writer, AutoscaleProfile profile)
    {
        writer.WriteStartObject();
        writer.WriteString("name", profile.Name);
        if (profile.Combination != RuleCombination.Auto)
        {
            writer.WriteString("combination", EnumText(profile.Combination));
        }

        writer.WriteStartObject("capacity");
        writer.WriteNumber("minimum", profile.Capacity.Minimum);
        writer.WriteNumber("maximum", profile.Capacity.Maximum);
        writer.WriteNumber("default", profile.Capacity.Default);
        writer.WriteEndObject();
        writer.WriteStartArray("rules");
        foreach (var rule in profile.Rules ?? [])
        {
            WriteRule(writer, rule);
        }

        writer.WriteEndArray();
        if (profile.Recurrence is { } recurrence)
        {
            writer.WriteStartObject("recurrence");
            writer.WriteString("frequency", EnumText(recurrence.Frequency));
            writer.WriteStartObject("schedule");
            writer.WriteString("timeZone", recurrence.Schedule.TimeZone);
            writer.WriteStartArray("days");
            foreach (var day in recurrence.Schedule.Days ?? [])
            {
                writer.WriteStringValue(EnumText(day));
            }

            writer.WriteEndArray();
            WriteIntegers(writer, "hours", recurrence.Schedule.Hours);
            WriteIntegers(writer, "minutes", recurrence.Schedule.Minutes);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        if (profile.FixedDate is { } window)
        {
            writer.WriteStartObject("fixedDate");
            writer.WriteString("timeZone", window.TimeZone);
            writer.WriteString("start", LocalDateTimeText.Format(window.Start));
            writer.WriteString("end", LocalDateTimeText.Format(window.End));
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteRule(Utf8JsonWriter writer, ScaleRule rule)
    {
        writer.WriteStartObject();
        if (rule.Name is not null)
        {
            writer.WriteString("name", rule.Name);
        }

        WriteTrigger(writer, rule.MetricTrigger);
        if (rule.ScaleAction is { } action)
        {
            writer.WriteStartObject("scaleAction");
            writer.WriteString("direction", EnumText(action.Direction));
            writer.WriteString("type", EnumText(action.Type));
            writer.WriteNumber("value", action.Value);
            writer.WriteString("cooldown", DurationText.Format(action.Cooldown));
            writer.WriteEndObject();
        }

        if (rule.TargetTracking is { } tracking)
        {
            writer.WriteStartObject("targetTracking");
            WriteDouble(writer, "targetValue", tracking.TargetValue);
            WriteDouble(writer, "tolerance", tracking.Tolerance);
            writer.WriteBoolean("disableScaleIn", tracking.DisableScaleIn);
            WriteBehavior(writer, "scaleUp", tracking.ScaleUp);
            WriteBehavior(writer, "scaleDown", tracking.ScaleDown);
            if (tracking.ScaleDownMissingValue is { } fill)
            {
                WriteDouble(writer, "scaleDownMissingValue", fill);
            }

            if (tracking.LegacyLimits)
            {
                writer.WriteBoolean("legacyLimits", true);
            }

            if (tracking.Slo is { } slo)
            {
                writer.WriteStartObject("slo");
                WriteDouble(writer, "attainment", slo.Attainment);
                writer.WriteString("provisioningTime", DurationText.Format(slo.ProvisioningTime));
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        if (rule.StepScaling is { } steps)
        {
            writer.WriteStartObject("stepScaling");
            writer.WriteString("adjustmentType", EnumText(steps.AdjustmentType));
            writer.WriteString("cooldown", DurationText.Format(steps.Cooldown));
            writer.WriteStartArray("steps");
            foreach (var step in steps.Steps ?? [])
            {
                writer.WriteStartObject();
                WriteNullableDouble(writer, "lowerBound", step.LowerBound);
                WriteNullableDouble(writer, "upperBound", step.UpperBound);
                writer.WriteNumber("adjustment", step.Adjustment);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteTrigger(Utf8JsonWriter writer, MetricTrigger trigger)
    {
        writer.WriteStartObject("metricTrigger");
        writer.WriteString("metricName", trigger.MetricName);
        if (trigger.Source is { } source)
        {
            writer.WriteString("source", EnumText(source));
        }

        WriteOptionalString(writer, "metricResourceUri", trigger.MetricResourceUri);
        WriteOptionalString(writer, "metricNamespace", trigger.MetricNamespace);
        writer.WriteStartArray("dimensions");
        foreach (var dimension in trigger.Dimensions ?? [])
        {
            writer.WriteStartObject();
            writer.WriteString("name", dimension.Name);
            writer.WriteString("operator", EnumText(dimension.Operator));
            writer.WriteStartArray("values");
            foreach (var value in dimension.Values ?? [])
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteString("timeGrain", DurationText.Format(trigger.TimeGrain));
        writer.WriteString("statistic", EnumText(trigger.Statistic));
        writer.WriteString("timeWindow", DurationText.Format(trigger.TimeWindow));
        writer.WriteString("timeAggregation", EnumText(trigger.TimeAggregation));
        writer.WriteString("operator", EnumText(trigger.Operator));
        WriteDouble(writer, "threshold", trigger.Threshold);
        writer.WriteBoolean("dividePerInstance", trigger.DividePerInstance);
        if (trigger.ValueKind != MetricValueKind.Auto)
        {
            writer.WriteString("valueKind", EnumText(trigger.ValueKind));
        }

        writer.WriteEndObject();
    }

    private static void WriteBehavior(Utf8JsonWriter writer, string name, ScalingBehavior behavior)
    {
        writer.WriteStartObject(name);
        writer.WriteString("stabilizationWindow", DurationText.Format(behavior.StabilizationWindow));
        if (behavior.ProvisioningTime is { } provisioning)
        {
            writer.WriteString("provisioningTime", DurationText.Format(provisioning));
        }

        if (behavior.Tolerance is { } tolerance)
        {
            WriteDouble(writer, "tolerance", tolerance);
        }

        writer.WriteString("selectPolicy", EnumText(behavior.SelectPolicy));
        writer.WriteStartArray("policies");
        foreach (var policy in behavior.Policies ?? [])
        {
            writer.WriteStartObject();
            writer.WriteString("type", EnumText(policy.Type));
            writer.WriteNumber("value", policy.Value);
            writer.WriteString("period", DurationText.Format(policy.Period));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteIntegers(Utf8JsonWriter writer, string name, List<int>? values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values ?? [])
        {
            writer.WriteNumberValue(value);
        }

        writer.WriteEndArray();
    }

    private static void WriteNullableDouble(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } number)
        {
            WriteDouble(writer, name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static void WriteDouble(Utf8JsonWriter writer, string name, double value)
    {
        // JSON has no NaN or infinity; write them as the strings the reader parses back, so validation can report them.
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, value);
        }
        else
        {
            writer.WriteString(name, value.ToString(CultureInfo.InvariantCulture));
        }
    }

    // Undefined enum values (casts of numbers) are written as their number; reading reports them with the allowed names.
    private static string EnumText<T>(T value)
        where T : struct, Enum => value.ToString();
}
