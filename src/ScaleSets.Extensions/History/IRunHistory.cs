namespace ScaleSets.History;

/// <summary>
/// The durable run history of the hosted scale sets: decisions with their explanations and controller events with their
/// causes. The write side never waits: <see cref="Record"/> queues the entry for a background writer, so a slow or failing
/// database never delays a decision. The query side reads the store.
/// </summary>
public interface IRunHistory
{
    /// <summary>Gets what the history is kept in, for messages: such as <c>SQLite database /var/lib/app/scalesets-history.db</c>.</summary>
    string Description { get; }

    /// <summary>Gets the counts of the write side: recorded, written, dropped because the queue was full, failed, and the last error.</summary>
    RunHistoryStatus Status { get; }

    /// <summary>Queues an entry for the background writer without waiting; when the queue is full the oldest queued entry is dropped and counted.</summary>
    /// <param name="entry">The entry.</param>
    void Record(RunHistoryEntry entry);

    /// <summary>Reads the entries a query selects, oldest first.</summary>
    /// <param name="query">The query; see <see cref="RunHistoryQuery.TryParse"/> to read one from text.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entries.</returns>
    /// <exception cref="ArgumentException">The query is out of range.</exception>
    /// <exception cref="RunHistoryUnavailableException">The database cannot be read; the message names it and why.</exception>
    Task<IReadOnlyList<RunHistoryEntry>> QueryAsync(RunHistoryQuery query, CancellationToken cancellationToken = default);
}
