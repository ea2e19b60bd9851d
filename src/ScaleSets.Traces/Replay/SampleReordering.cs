using System.Globalization;
using ScaleSets.Metrics;

namespace ScaleSets.Replay;

/// <summary>
/// Puts samples that arrive nearly in time order into time order while they stream, holding only those within a
/// lateness window of the latest one read: sorted input is held one sample at a time, however long the file.
/// </summary>
internal static class SampleReordering
{
    /// <summary>Yields <paramref name="samples"/> in timestamp order (samples of equal time in input order).</summary>
    /// <param name="samples">The samples; each at most <paramref name="window"/> earlier than the latest before it.</param>
    /// <param name="window">How late a sample may come.</param>
    /// <returns>The samples in order.</returns>
    /// <exception cref="ArgumentException">Thrown while enumerating: a sample is later than the window allows; the message says how late it is.</exception>
    public static IEnumerable<MetricSample> Within(IEnumerable<MetricSample> samples, TimeSpan window)
    {
        var pending = new PriorityQueue<MetricSample, (long Ticks, long Sequence)>();
        long sequence = 0;
        DateTimeOffset? latest = null;
        DateTimeOffset? released = null;
        foreach (var sample in samples)
        {
            if (released is { } done && sample.Timestamp < done)
            {
                throw new ArgumentException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"the sample of {sample.Metric} at {sample.Timestamp:yyyy-MM-ddTHH:mm:ss.FFFFFFFZ} comes after one at {latest:yyyy-MM-ddTHH:mm:ss.FFFFFFFZ}, {latest!.Value - sample.Timestamp} late, more than the reorder window of {window}; sort the samples or widen ReplayOptions.ReorderWindow to at least that"),
                    nameof(samples));
            }

            if (latest is null || sample.Timestamp > latest)
            {
                latest = sample.Timestamp;
            }

            pending.Enqueue(sample, (sample.Timestamp.UtcTicks, sequence++));
            var horizon = latest.Value.UtcTicks - Math.Min(window.Ticks, latest.Value.UtcTicks);
            while (pending.TryPeek(out var head, out var key) && key.Ticks < horizon)
            {
                pending.Dequeue();
                released = head.Timestamp;
                yield return head;
            }
        }

        while (pending.TryDequeue(out var rest, out _))
        {
            yield return rest;
        }
    }
}
