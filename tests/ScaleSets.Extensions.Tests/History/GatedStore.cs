using ScaleSets.History;

namespace ScaleSets.Extensions.Tests.History;

/// <summary>A real store whose appends wait at a gate the test opens: a disk that has stopped answering.</summary>
internal sealed class GatedStore(IRunHistoryStore inner) : IRunHistoryStore
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Description => inner.Description;

    /// <summary>Completes when the writer is inside its first append.</summary>
    public Task Entered => _entered.Task;

    public void Open() => _gate.TrySetResult();

    public Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

    public async Task AppendAsync(IReadOnlyList<RunHistoryEntry> entries, CancellationToken cancellationToken)
    {
        _entered.TrySetResult();
        await _gate.Task.WaitAsync(cancellationToken);
        await inner.AppendAsync(entries, cancellationToken);
    }

    public Task<IReadOnlyList<RunHistoryEntry>> QueryAsync(RunHistoryQuery query, CancellationToken cancellationToken) => inner.QueryAsync(query, cancellationToken);

    public Task<long> TrimAsync(DateTimeOffset olderThan, long maxEntries, CancellationToken cancellationToken) => inner.TrimAsync(olderThan, maxEntries, cancellationToken);

    public Task<long> CountAsync(CancellationToken cancellationToken) => inner.CountAsync(cancellationToken);
}
