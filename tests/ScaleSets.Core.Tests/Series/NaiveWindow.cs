using ScaleSets.Model;
using ScaleSets.Series;

namespace ScaleSets.Tests.Series;

/// <summary>The window semantics recomputed from scratch over a plain list of accepted samples: the reference model.</summary>
internal static class NaiveWindow
{
    public static WindowAggregate Compute(
        IReadOnlyList<(long Ticks, double Value)> samples,
        long grainTicks,
        int windowGrains,
        MetricStatistic statistic,
        TimeAggregationType aggregation,
        DateTimeOffset now)
    {
        var end = now.UtcTicks / grainTicks;
        var start = end - windowGrains;
        var grains = samples
            .Where(s => s.Ticks / grainTicks >= start && s.Ticks / grainTicks < end)
            .GroupBy(s => s.Ticks / grainTicks)
            .OrderBy(static g => g.Key)
            .Select(g => (
                Index: g.Key,
                Value: statistic switch
                {
                    MetricStatistic.Average => g.Sum(static s => s.Value) / g.Count(),
                    MetricStatistic.Min => g.Min(static s => s.Value),
                    MetricStatistic.Max => g.Max(static s => s.Value),
                    MetricStatistic.Count => g.Count(),
                    _ => g.Sum(static s => s.Value),
                },
                Count: g.LongCount(),
                Newest: g.Max(static s => s.Ticks)))
            .ToList();
        if (grains.Count == 0)
        {
            return WindowAggregate.Missing;
        }

        var count = grains.Sum(static g => g.Count);
        var value = aggregation switch
        {
            TimeAggregationType.Average => grains.Average(static g => g.Value),
            TimeAggregationType.Minimum => grains.Min(static g => g.Value),
            TimeAggregationType.Maximum => grains.Max(static g => g.Value),
            TimeAggregationType.Total => grains.Sum(static g => g.Value),
            TimeAggregationType.Count => count,
            _ => grains[^1].Value,
        };
        return new WindowAggregate(true, value, count, grains.Count, new DateTimeOffset(grains[^1].Newest, TimeSpan.Zero));
    }
}
