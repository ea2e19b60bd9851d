namespace ScaleSets.Orleans.Tests.Grains;

/// <summary>Tells a test that grain storage wrote a row: <see cref="Next"/> completes at the next write after it was taken.</summary>
internal sealed class RowWriteSignal
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Returns a task that completes when a row is written after this call.</summary>
    public Task Next()
    {
        lock (_gate)
        {
            return _next.Task;
        }
    }

    /// <summary>A row was written.</summary>
    public void Written()
    {
        TaskCompletionSource done;
        lock (_gate)
        {
            done = _next;
            _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        done.TrySetResult();
    }
}
