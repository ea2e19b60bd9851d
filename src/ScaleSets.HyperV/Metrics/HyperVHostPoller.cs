using System.Globalization;
using System.Text.Json.Nodes;
using ScaleSets.HyperV.Scripting;
using ScaleSets.Metrics;
using ScaleSets.Sources;

namespace ScaleSets.HyperV.Metrics;

/// <summary>One run of <c>Get-ScaleSetVMMetrics.ps1</c> for the whole set per poll; its items become per-VM samples.</summary>
internal sealed class HyperVHostPoller(HyperVHostMetricsOptions options, ScriptCaller caller) : IMetricPoller
{
    public async ValueTask<MetricPoll> PollAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var request = new JsonObject { ["scaleSet"] = options.ScaleSetName };
        var result = await caller.CallAsync(ScriptLibrary.Metrics, request, cancellationToken).ConfigureAwait(false);
        if (result.Failure is { } failure)
        {
            throw new InvalidOperationException($"{ScriptLibrary.Metrics} failed: {failure.Error}");
        }

        return Convert(result.Items!, now);
    }

    internal MetricPoll Convert(IReadOnlyList<ScriptItem> items, DateTimeOffset now)
    {
        var samples = new List<MetricSample>();
        var problems = new List<string>();
        var source = options.Name;
        if (items.FirstOrDefault(i => i.Key == "counters" && !i.Ok) is { } counters)
        {
            problems.Add($"{source}: Hyper-V's performance counters could not be read ({counters.Error}); '{HyperVHostMetricNames.Cpu}' is Get-VM's CPUUsage (whole percents) and the network metrics are missing.");
        }

        foreach (var item in items)
        {
            if (item.Key == "counters")
            {
                continue;
            }

            if (!item.Ok || item.Metrics is not { } metrics)
            {
                problems.Add($"{source}: VM {item.Key}: no measurements ({item.Error?.ToString() ?? "the script gave none"}).");
                continue;
            }

            var vm = $"VM '{metrics.Name}' ({item.Key})";
            Add(HyperVHostMetricNames.Cpu, metrics.GuestRunTime ?? metrics.CpuUsage);
            Add(HyperVHostMetricNames.MemoryAssigned, metrics.MemoryAssigned);
            Add(HyperVHostMetricNames.MemoryDemand, metrics.MemoryDemand);
            Add(HyperVHostMetricNames.NetworkIn, metrics.BytesReceivedPerSec);
            Add(HyperVHostMetricNames.NetworkOut, metrics.BytesSentPerSec);

            void Add(string metric, double? value)
            {
                if (value is not { } v)
                {
                    return;
                }

                if (!double.IsFinite(v) || v < 0)
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"{source}: {vm}: '{metric}' is {v}, not a finite number of 0 or more; left out."));
                    return;
                }

                samples.Add(new MetricSample(metric, MetricSourceKind.Host, v, now, item.Key));
            }
        }

        return new MetricPoll(samples, problems);
    }
}
