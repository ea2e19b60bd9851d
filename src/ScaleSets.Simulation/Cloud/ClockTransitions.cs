namespace ScaleSets.Simulation.Cloud;

/// <summary>
/// The instants at which items change by the clock alone (a boot ends, a drain ends), for finding the first one after a
/// given time without scanning every item. An instant may be withdrawn (the instance rebooted or was deleted, the member
/// stopped draining): the owner tells which entries still stand, and withdrawn ones are dropped as they reach the front.
/// </summary>
/// <typeparam name="T">The item an instant belongs to.</typeparam>
/// <remarks>Not thread-safe: used under the cloud's lock.</remarks>
internal sealed class ClockTransitions<T>
    where T : class
{
    private readonly PriorityQueue<(T Item, long At), long> _queue = new();
    private readonly List<((T Item, long At) Element, long Priority)> _standing = [];
    private readonly Func<T, long, bool> _stands;

    // Entries at or before this were dropped: a question about an earlier time cannot be answered from the queue.
    private long _droppedThrough = long.MinValue;

    /// <summary>Gets how many instants are kept, standing or not.</summary>
    public int Count => _queue.Count;

    /// <summary>Initializes a new instance of the <see cref="ClockTransitions{T}"/> class.</summary>
    /// <param name="stands">Whether an item's instant still stands.</param>
    public ClockTransitions(Func<T, long, bool> stands) => _stands = stands;

    /// <summary>Adds an instant, in UTC ticks.</summary>
    /// <param name="item">The item.</param>
    /// <param name="at">The instant.</param>
    /// <param name="items">How many items there are, each with at most one instant standing.</param>
    public void Add(T item, long at, int items)
    {
        // Withdrawn instants leave only as they reach the front, and a run whose passes are never idle never asks: past
        // twice what can still stand, only the standing ones are kept, or a month that creates and deletes millions of
        // instances would hold every one of them (and keep them alive).
        if (_queue.Count >= (2 * items) + 64)
        {
            _standing.Clear();
            foreach (var entry in _queue.UnorderedItems)
            {
                if (entry.Priority > _droppedThrough && _stands(entry.Element.Item, entry.Priority))
                {
                    _standing.Add(entry);
                }
            }

            _queue.Clear();
            _queue.EnqueueRange(_standing);
            _standing.Clear();
        }

        _queue.Enqueue((item, at), at);
    }

    /// <summary>
    /// Finds the first instant still standing after <paramref name="after"/>, dropping the instants at or before it: the
    /// questions come with a time that does not go back (each idle pass asks about its own start).
    /// </summary>
    /// <param name="after">The time, in UTC ticks.</param>
    /// <param name="first">The first instant after <paramref name="after"/>, or <see cref="long.MaxValue"/> when none is pending.</param>
    /// <returns><see langword="false"/> when <paramref name="after"/> is earlier than a time asked about before: the caller scans instead.</returns>
    public bool TryFirstAfter(long after, out long first)
    {
        first = long.MaxValue;
        if (after < _droppedThrough)
        {
            return false;
        }

        _droppedThrough = after;
        while (_queue.TryPeek(out var entry, out var at))
        {
            if (at > after && _stands(entry.Item, at))
            {
                first = at;
                return true;
            }

            _queue.Dequeue();
        }

        return true;
    }
}
