namespace ScaleSets.History;

/// <summary>The counts of the run history's write side since the host started.</summary>
/// <param name="Recorded">Entries handed to <see cref="IRunHistory.Record"/>.</param>
/// <param name="Written">Entries stored.</param>
/// <param name="Dropped">Entries dropped because the queue was full (the database fell behind): the oldest queued go first.</param>
/// <param name="Failed">Entries lost because the database refused a write (missing, locked, full).</param>
/// <param name="Trimmed">Entries deleted by the retention period or the size bound.</param>
/// <param name="LastError">The last write or trim error, naming the database, or <see langword="null"/>.</param>
/// <param name="LastErrorTime">When <paramref name="LastError"/> happened, or <see langword="null"/>.</param>
public sealed record RunHistoryStatus(
    long Recorded,
    long Written,
    long Dropped,
    long Failed,
    long Trimmed,
    string? LastError,
    DateTimeOffset? LastErrorTime)
{
    /// <summary>Gets the entries recorded and not yet written, dropped or failed.</summary>
    public long Pending => Math.Max(0, Recorded - Written - Dropped - Failed);
}
