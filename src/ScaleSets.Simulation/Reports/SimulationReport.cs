using System.Text.Json;
using ScaleSets.Simulation.Runs;

namespace ScaleSets.Simulation.Reports;

/// <summary>
/// Writes a <see cref="SimulationResult"/> as JSON: <c>{"workload":…, "service":{…}, "slo":{…}, "policies":[{"name":…,
/// "metrics":{…}, "timeline":[{"t":…, "load":…, "demand":…, "bound":…, "supply":…, "billed":…, "utilization":…,
/// "withinSlo":…}, …]}, …]}</c>, every step of every policy, best policy first: every figure of the table can be
/// recomputed from the report alone.
/// </summary>
public static class SimulationReport
{
    /// <summary>Writes the report.</summary>
    /// <param name="stream">Where to write UTF-8 JSON.</param>
    /// <param name="result">The result.</param>
    public static void Write(Stream stream, SimulationResult result)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(result);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false });
        var workload = result.Workload;
        json.WriteStartObject();
        json.WriteStartObject("workload");
        json.WriteString("name", workload.Name);
        json.WriteString("start", workload.Start.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteNumber("stepSeconds", workload.Step.TotalSeconds);
        json.WriteNumber("steps", workload.Count);
        json.WriteNumber("instanceCapacity", result.Service.InstanceCapacity);
        json.WriteNumber("targetUtilization", result.Service.TargetUtilization);
        json.WriteEndObject();
        json.WriteStartObject("service");
        json.WriteNumber("instanceCapacity", result.Service.InstanceCapacity);
        json.WriteNumber("targetUtilization", result.Service.TargetUtilization);
        if (result.LatencySlo is { } latency)
        {
            json.WriteNumber("latencySloSeconds", latency.TotalSeconds);
        }
        else
        {
            json.WriteNull("latencySloSeconds");
        }

        json.WriteEndObject();
        json.WriteStartObject("slo");
        json.WriteNumber("attainmentTarget", result.SloTarget);
        json.WriteString("withinSlo", "utilization <= 1 and, when latencySloSeconds is set, the M/M/c mean response time <= it");
        json.WriteNumber("boundInstanceHours", result.Policies.Count > 0 ? result.Policies[0].Slo.BoundInstanceHours : 0);

        // Cost per step = billed - (1 - stoppedCostRatio) * stopped; the cost ratio is its sum over the bound's.
        json.WriteNumber("stoppedCostRatio", result.StoppedCostRatio);
        json.WriteNumber("warmPoolSize", result.WarmPoolSize);
        json.WriteEndObject();
        if (result.SpeedupBaseline is { } baseline)
        {
            json.WriteString("speedupBaseline", baseline);
        }

        var times = new string[workload.Count];
        for (var i = 0; i < times.Length; i++)
        {
            times[i] = workload.TimeAt(i).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        }

        json.WriteStartArray("policies");
        foreach (var run in result.Policies)
        {
            var m = run.Metrics;
            json.WriteStartObject();
            json.WriteString("name", run.Name);
            json.WriteStartObject("metrics");
            json.WriteNumber("thetaU", m.ThetaU);
            json.WriteNumber("thetaO", m.ThetaO);
            json.WriteNumber("tauU", m.TauU);
            json.WriteNumber("tauO", m.TauO);
            json.WriteNumber("instability", m.Instability);
            json.WriteNumber("jitter", m.Jitter);
            json.WriteNumber("instanceHours", m.InstanceHours);
            json.WriteNumber("sloViolationMinutes", m.SloViolationMinutes);
            json.WriteNumber("actions", m.Actions);
            json.WriteNumber("deviation", m.Deviation);
            json.WriteNumber("sloAttainment", run.Slo.Attainment);
            json.WriteBoolean("meetsSloTarget", run.Slo.MeetsTarget);
            json.WriteNumber("costRatio", run.Slo.CostRatio);
            if (run.ElasticSpeedup is { } speedup)
            {
                json.WriteNumber("elasticSpeedup", speedup);
            }

            json.WriteEndObject();
            json.WriteStartArray("actionSteps");
            foreach (var a in run.ActionSteps)
            {
                json.WriteNumberValue(a);
            }

            json.WriteEndArray();
            json.WriteStartArray("timeline");
            for (var i = 0; i < workload.Count; i++)
            {
                json.WriteStartObject();
                json.WriteString("t", times[i]);
                json.WriteNumber("load", Math.Round(workload.RequestsPerSecond[i], 6));
                json.WriteNumber("demand", result.Demand[i]);
                json.WriteNumber("bound", result.Bound[i]);
                json.WriteNumber("supply", run.Supply[i]);
                json.WriteNumber("billed", run.Billed[i]);
                json.WriteNumber("stopped", run.Stopped.Count > i ? run.Stopped[i] : 0);
                var utilization = run.Utilization[i];
                if (double.IsFinite(utilization))
                {
                    json.WriteNumber("utilization", Math.Round(utilization, 6));
                }
                else
                {
                    json.WriteNull("utilization");
                }

                json.WriteBoolean("withinSlo", !run.SloViolated[i]);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
