
namespace ScaleSets.Orleans.Grains;

/// <summary>
/// A scale set's recent decisions and events across activations: seeded from the row the activation read, added to by
/// this activation (controller events come from the controller's threads), and copied into the row before each write,
/// so the next activation's status goes on from where this one's last write left it.
/// </summary>
internal sealed class ScaleSetTrail
{
    /// <summary>How many decisions and how many events the trail keeps.</summary>
    public const int Length = 20;

    private readonly Queue<ScaleSetDecisionRecord> _decisions;
    private readonly Queue<string> _events;
    private readonly Lock _gate = new();

    public ScaleSetTrail(IEnumerable<ScaleSetDecisionRecord>? decisions, IEnumerable<string>? events)
    {
        _decisions = new Queue<ScaleSetDecisionRecord>((decisions ?? []).TakeLast(Length));
        _events = new Queue<string>((events ?? []).TakeLast(Length));
    }

    /// <summary>Gets the recent decisions, oldest first.</summary>
    public IReadOnlyList<ScaleSetDecisionRecord> Decisions
    {
        get
        {
            lock (_gate)
            {
                return [.. _decisions];
            }
        }
    }

    /// <summary>Gets the recent events, oldest first.</summary>
    public IReadOnlyList<string> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>Gets the last decision's sequence, or 0 before the first.</summary>
    public long LastSequence
    {
        get
        {
            lock (_gate)
            {
                return _decisions.Count == 0 ? 0 : _decisions.Last().Sequence;
            }
        }
    }

    public void Add(ScaleSetDecisionRecord decision)
    {
        lock (_gate)
        {
            _decisions.Enqueue(decision);
            while (_decisions.Count > Length)
            {
                _decisions.Dequeue();
            }
        }
    }

    public void Add(string line)
    {
        lock (_gate)
        {
            _events.Enqueue(line);
            while (_events.Count > Length)
            {
                _events.Dequeue();
            }
        }
    }

    /// <summary>Copies the trail into the row (on the grain's context, before a write).</summary>
    public void CopyInto(ScaleSetGrainState row)
    {
        lock (_gate)
        {
            row.RecentDecisions = [.. _decisions];
            row.RecentEvents = [.. _events];
        }
    }
}
