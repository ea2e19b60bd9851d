using ScaleSets.State;

namespace ScaleSets.Rules;

/// <summary>
/// The recent capacity changes of one scale set, for target tracking's rate policies
/// (Kubernetes HPA's <c>scaleUpEvents</c>/<c>scaleDownEvents</c>). Entries older than the longest allowed period are dropped.
/// </summary>
internal sealed class ScaleEventLog
{
    /// <summary>The longest rate-policy period (HPA allows up to 1800 s).</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromMinutes(30);

    private readonly Queue<(DateTimeOffset Time, int Delta)> _events = new();

    public void Record(DateTimeOffset time, int delta)
    {
        if (delta != 0)
        {
            _events.Enqueue((time, delta));
        }

        Prune(time);
    }

    /// <summary>Sums the instances added and removed in the period ending at <paramref name="now"/>.</summary>
    public (int Added, int Removed) ChangesWithin(DateTimeOffset now, TimeSpan period)
    {
        Prune(now);
        var cutoff = now - period;
        int added = 0, removed = 0;
        foreach (var (time, delta) in _events)
        {
            if (time > cutoff)
            {
                if (delta > 0)
                {
                    added += delta;
                }
                else
                {
                    removed -= delta;
                }
            }
        }

        return (added, removed);
    }

    private void Prune(DateTimeOffset now)
    {
        var cutoff = now - Retention;
        while (_events.Count > 0 && _events.Peek().Time <= cutoff)
        {
            _events.Dequeue();
        }
    }

    /// <summary>Captures the changes kept, oldest first, for a snapshot.</summary>
    internal TimedCount[] Capture() => [.. _events.Select(static e => new TimedCount(e.Time, e.Delta))];

    /// <summary>Replaces the changes kept with a snapshot's.</summary>
    internal void Restore(IEnumerable<TimedCount> events)
    {
        _events.Clear();
        foreach (var (time, delta) in events)
        {
            _events.Enqueue((time, delta));
        }
    }
}
