using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using ScaleSets.Policy;

namespace ScaleSets.Cli.Commands;

/// <summary>Writes decisions as one JSON object per line.</summary>
internal static class DecisionJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Format(ScaleDecision decision, bool explain)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("time", decision.Time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            json.WriteNumber("from", decision.From);
            json.WriteNumber("to", decision.To);
            json.WriteString("profile", decision.Profile);
            if (decision.ActingRuleName is { } rule)
            {
                json.WriteString("rule", rule);
            }
            else
            {
                json.WriteNull("rule");
            }

            json.WriteString("reason", decision.Explain());
            if (explain)
            {
                json.WriteNumber("wanted", decision.Wanted);
                json.WriteString("cause", decision.Reason.ToString());
                json.WriteString("blocked", decision.Blocked.ToString());
                json.WriteBoolean("profileChanged", decision.ProfileChanged);
                if (decision.CooldownUntil is { } until && until > decision.Time)
                {
                    json.WriteString("cooldownUntil", until.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
                }

                json.WriteStartArray("rules");
                foreach (var evaluation in decision.Rules)
                {
                    json.WriteStartObject();
                    json.WriteString("name", evaluation.Name);
                    json.WriteString("kind", evaluation.Kind.ToString());
                    json.WriteString("metric", evaluation.Metric);
                    json.WriteString("direction", evaluation.Direction.ToString());
                    WriteNumber(json, "observed", evaluation.Observed);
                    json.WriteString("operator", evaluation.Operator.ToString());
                    WriteNumber(json, "threshold", evaluation.Threshold);
                    json.WriteString("outcome", evaluation.Outcome.ToString());
                    json.WriteNumber("proposed", evaluation.ProposedCapacity);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                if (decision.Forecast is { } forecast)
                {
                    json.WriteStartObject("forecast");
                    json.WriteString("status", forecast.Status.ToString());
                    json.WriteString("reason", forecast.Reason);
                    if (forecast.Model is { } model)
                    {
                        json.WriteString("model", model);
                    }

                    WriteNumber(json, "mean", forecast.ForecastMean);
                    WriteNumber(json, "upper", forecast.ForecastUpper);
                    WriteNumber(json, "quantile", forecast.Quantile);
                    WriteNumber(json, "rollingMase", forecast.RollingMase);
                    if (forecast.CapacityFloor is { } floor)
                    {
                        json.WriteNumber("capacityFloor", floor);
                    }

                    json.WriteBoolean("binding", forecast.IsBinding);
                    json.WriteEndObject();
                }

                if (decision.FlappingChecks.Count > 0)
                {
                    json.WriteStartArray("flapping");
                    foreach (var check in decision.FlappingChecks)
                    {
                        json.WriteStartObject();
                        json.WriteNumber("capacity", check.Capacity);
                        json.WriteBoolean("safe", check.Safe);
                        if (!check.Safe)
                        {
                            json.WriteString("rule", decision.Rules[check.TriggeredRule].Name);
                            WriteNumber(json, "projected", check.ProjectedValue);
                        }

                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                }
            }

            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, Math.Round(value, 6));
        }
        else if (double.IsNaN(value))
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value > 0 ? "Infinity" : "-Infinity");
        }
    }
}
