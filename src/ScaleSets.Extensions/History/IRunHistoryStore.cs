namespace ScaleSets.History;

/// <summary>
/// Where the run history is kept: the embedded SQLite database by default (<see cref="SqliteRunHistoryStore"/>),
/// PostgreSQL with the <c>ScaleSets.PostgreSql</c> package, or a store of your own. Called from one background writer
/// (appends and trims) and from readers (queries) at the same time; every value goes in as a command parameter.
/// </summary>
public interface IRunHistoryStore
{
    /// <summary>Gets what the store is, for error messages: such as <c>SQLite database /var/lib/app/scalesets-history.db</c>.</summary>
    string Description { get; }

    /// <summary>Creates the database objects the store needs, if they do not exist; called before the first append and safe to call again.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the store is ready.</returns>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Appends entries, in order, in one transaction.</summary>
    /// <param name="entries">The entries.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the entries are stored.</returns>
    Task AppendAsync(IReadOnlyList<RunHistoryEntry> entries, CancellationToken cancellationToken);

    /// <summary>Reads the entries a query selects, oldest first (the newest <see cref="RunHistoryQuery.Limit"/> when more match).</summary>
    /// <param name="query">The query.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entries.</returns>
    Task<IReadOnlyList<RunHistoryEntry>> QueryAsync(RunHistoryQuery query, CancellationToken cancellationToken);

    /// <summary>Deletes the entries older than <paramref name="olderThan"/>, then the oldest ones beyond <paramref name="maxEntries"/>.</summary>
    /// <param name="olderThan">The retention's cut-off time.</param>
    /// <param name="maxEntries">How many entries may stay at most.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many entries were deleted.</returns>
    Task<long> TrimAsync(DateTimeOffset olderThan, long maxEntries, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the <see cref="RunHistoryEntryKind.Evaluation"/> entries older than <paramref name="olderThan"/>
    /// (<see cref="RunHistoryOptions.EvaluationRetention"/>, shorter than the retention of decisions and events). A store
    /// that does not implement it keeps them for the retention period.
    /// </summary>
    /// <param name="olderThan">The cut-off time.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many entries were deleted.</returns>
    Task<long> TrimEvaluationsAsync(DateTimeOffset olderThan, CancellationToken cancellationToken) => Task.FromResult(0L);

    /// <summary>Counts the stored entries.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The count.</returns>
    Task<long> CountAsync(CancellationToken cancellationToken);
}
