namespace ScaleSets.Control;

/// <summary>
/// Runs work items with at most a given number in flight. Unlike <c>Parallel.ForEachAsync</c> or a <c>SemaphoreSlim</c> it
/// adds no thread-pool hops of its own, so under a virtual clock every continuation runs when the clock fires it and runs
/// are reproducible.
/// </summary>
internal static class BoundedConcurrency
{
    public static Task ForEachAsync<T>(IReadOnlyList<T> items, int bound, Func<T, CancellationToken, Task> body, CancellationToken cancellationToken)
    {
        if (items.Count == 0)
        {
            return Task.CompletedTask;
        }

        if (items.Count == 1)
        {
            // Most passes act on one item or none: no worker, no WhenAll.
            return cancellationToken.IsCancellationRequested ? Task.FromCanceled(cancellationToken) : body(items[0], cancellationToken);
        }

        var workers = Math.Min(bound, items.Count);
        var next = -1;
        var tasks = new Task[workers];
        for (var w = 0; w < workers; w++)
        {
            tasks[w] = WorkAsync();
        }

        return Task.WhenAll(tasks);

        async Task WorkAsync()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < items.Count)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await body(items[i], cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
