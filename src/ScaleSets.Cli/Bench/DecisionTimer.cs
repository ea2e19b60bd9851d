using System.Collections.Concurrent;
using ScaleSets.Policy;

namespace ScaleSets.Cli.Bench;

/// <summary>
/// Times each capacity-changing decision to the first provider or load balancer call it causes (a create for a
/// scale-out, a drain or delete for a scale-in), in wall time. Thread-safe: the silos call it from their own threads.
/// </summary>
internal sealed class DecisionTimer(TimeProvider wall)
{
    private readonly ConcurrentDictionary<string, long> _pending = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<double> _milliseconds = new();
    private long _decisions;

    /// <summary>Gets how many capacity-changing decisions were made.</summary>
    public long Decisions => Interlocked.Read(ref _decisions);

    /// <summary>Notes a decision: when it changes capacity, its set's next call is timed from now.</summary>
    public void Decided(ScaleDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (decision.IsAction)
        {
            Interlocked.Increment(ref _decisions);
            _pending[decision.ScaleSet] = wall.GetTimestamp();
        }
    }

    /// <summary>Notes a call on <paramref name="scaleSet"/> that acts on capacity: the first after a decision is timed.</summary>
    public void Called(string scaleSet)
    {
        if (_pending.TryRemove(scaleSet, out var decided))
        {
            _milliseconds.Enqueue(wall.GetElapsedTime(decided).TotalMilliseconds);
        }
    }

    /// <summary>Gets the decisions still waiting for their call.</summary>
    public int Unanswered => _pending.Count;

    /// <summary>Takes the latencies timed so far, in milliseconds.</summary>
    public IReadOnlyList<double> Latencies() => [.. _milliseconds];
}
