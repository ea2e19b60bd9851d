using ScaleSets.State;

namespace ScaleSets.Rules;

/// <summary>The recommendation history of one target-tracking rule, for its stabilization windows.</summary>
internal sealed class TargetTrackingState
{
    private readonly Queue<(DateTimeOffset Time, int Recommendation)> _recommendations = new();
    private bool _seen;

    /// <summary>
    /// Records the current capacity as a recommendation the first time the rule is evaluated (HPA's
    /// <c>recordInitialRecommendation</c>), so a new set, a restart or a replay neither scales in at once nor skips a
    /// scale-up window: the windows start full of the size the set had.
    /// </summary>
    public void RecordInitial(DateTimeOffset time, int current)
    {
        if (!_seen)
        {
            _seen = true;
            _recommendations.Enqueue((time, current));
        }
    }

    public void Record(DateTimeOffset time, int recommendation, TimeSpan retention)
    {
        _seen = true;
        _recommendations.Enqueue((time, recommendation));
        var cutoff = time - retention;
        while (_recommendations.Count > 0 && _recommendations.Peek().Time <= cutoff)
        {
            _recommendations.Dequeue();
        }
    }

    /// <summary>
    /// HPA's stabilization: the lowest recommendation in the scale-up window caps a rise, and the highest in the
    /// scale-down window caps a fall, so the capacity moves only when the whole window agrees.
    /// </summary>
    public int Stabilize(DateTimeOffset now, int current, int desired, TimeSpan upWindow, TimeSpan downWindow)
    {
        var up = desired;
        var down = desired;
        var upCutoff = now - upWindow;
        var downCutoff = now - downWindow;
        foreach (var (time, recommendation) in _recommendations)
        {
            if (time > upCutoff)
            {
                up = Math.Min(up, recommendation);
            }

            if (time > downCutoff)
            {
                down = Math.Max(down, recommendation);
            }
        }

        var result = current;
        if (result < up)
        {
            result = up;
        }

        if (result > down)
        {
            result = down;
        }

        return result;
    }

    /// <summary>Captures the recommendations kept, for a snapshot.</summary>
    internal RecommendationHistorySnapshot Capture() =>
        new() { Seen = _seen, Recommendations = [.. _recommendations.Select(static r => new TimedCount(r.Time, r.Recommendation))] };

    /// <summary>Replaces the recommendations kept with a snapshot's.</summary>
    internal void Restore(RecommendationHistorySnapshot snapshot)
    {
        _recommendations.Clear();
        _seen = snapshot.Seen;
        foreach (var (time, recommendation) in snapshot.Recommendations ?? [])
        {
            _recommendations.Enqueue((time, recommendation));
        }
    }
}
