using ScaleSets.History;
using ScaleSets.Hosting;

namespace ScaleSets.AspNetCore.Dashboard;

/// <summary>
/// Gathers a set's chart: the runtime's ring of recent evaluations and, when the durable run history is kept, the
/// evaluations and actions before it (so a restarted host shows the hours before its restart). A database that cannot be
/// read leaves the ring alone on the chart with a note saying why.
/// </summary>
internal static class DashboardHistory
{
    /// <summary>How far back the chart goes: the ring's span at one evaluation every 15 s.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(15 * ScaleSetsRuntime.RecentHistoryCapacity);

    public static async Task<ChartData> LoadAsync(ScaleSetsRuntime runtime, IRunHistory? history, ScaleSetStatus status, string self, CancellationToken cancellationToken)
    {
        var ring = runtime.GetRecentHistory(status.Name);
        var since = status.Time - Window;
        var recent = status.Autoscaler.RecentDecisions.Where(d => d.From != d.To).ToList();
        var actions = recent.Select(d => new ChartAction(d.Time, d.Id, d.From, d.To, d.Explanation, "#" + StatusChart.Anchor(d.Id))).ToList();
        if (history is null or RunHistory { IsEnabled: false })
        {
            return new ChartData(ring, actions, null);
        }

        var before = ring.Count > 0 ? ring[0].Time : status.Time;
        var oldestRecent = recent.Count > 0 ? recent[0].Time : status.Time;
        try
        {
            var evaluations = await history.QueryAsync(
                new RunHistoryQuery { ScaleSet = status.Name, Kind = RunHistoryEntryKind.Evaluation, Since = since, Until = before, Limit = RunHistoryQuery.MaxLimit },
                cancellationToken).ConfigureAwait(false);
            var decisions = await history.QueryAsync(
                new RunHistoryQuery { ScaleSet = status.Name, Kind = RunHistoryEntryKind.Decision, Since = since, Until = oldestRecent, Limit = RunHistoryQuery.MaxLimit },
                cancellationToken).ConfigureAwait(false);
            var points = new List<ScaleSetHistoryPoint>();
            foreach (var entry in evaluations)
            {
                if (RunHistoryEvaluation.TryRead(entry, out var e))
                {
                    points.Add(new ScaleSetHistoryPoint(e!.Time, e.Capacity, e.Instances, e.InService, e.Observed) { Rules = e.Rules });
                }
            }

            points.AddRange(ring);
            var known = actions.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
            var older = decisions
                .Where(d => d.Id is { } id && !known.Contains(id) && d.From is { } from && d.To is { } to && from != to)
                .Select(d => new ChartAction(d.Time, d.Id!, d.From!.Value, d.To!.Value, d.Message, self.TrimEnd('/') + "/api/history?cause=" + Uri.EscapeDataString(d.Id!)));
            return new ChartData(points, [.. older, .. actions], null);
        }
        catch (RunHistoryUnavailableException ex)
        {
            return new ChartData(ring, actions, "older points are not shown: " + ex.Message);
        }
    }
}
