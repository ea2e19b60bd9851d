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

    // Entries at or before this were dropped: a question about an earlier time cannot be answered from the queue.
    private long _droppedThrough = long.MinValue;

    /// <summary>Adds an instant, in UTC ticks.</summary>
    public void Add(T item, long at) => _queue.Enqueue((item, at), at);

    /// <summary>Removes every instant.</summary>
    public void Clear()
    {
        _queue.Clear();
        _droppedThrough = long.MinValue;
    }

    /// <summary>
    /// Finds the first instant still standing after <paramref name="after"/>, dropping the instants at or before it: the
    /// questions come with a time that does not go back (each idle pass asks about its own start).
    /// </summary>
    /// <param name="after">The time, in UTC ticks.</param>
    /// <param name="stands">Whether an item's instant still stands.</param>
    /// <param name="first">The first instant after <paramref name="after"/>, or <see cref="long.MaxValue"/> when none is pending.</param>
    /// <returns><see langword="false"/> when <paramref name="after"/> is earlier than a time asked about before: the caller scans instead.</returns>
    public bool TryFirstAfter(long after, Func<T, long, bool> stands, out long first)
    {
        first = long.MaxValue;
        if (after < _droppedThrough)
        {
            return false;
        }

        _droppedThrough = after;
        while (_queue.TryPeek(out var entry, out var at))
        {
            if (at > after && stands(entry.Item, at))
            {
                first = at;
                return true;
            }

            _queue.Dequeue();
        }

        return true;
    }
}
