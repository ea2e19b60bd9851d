using ScaleSets.Abstractions;

namespace ScaleSets.Orleans.Tests.Grains;

/// <summary>
/// The simulated cloud's compute provider as a silo's backend, counting the calls it forwards and able to hold the next
/// creates in flight (the cloud makes the instance only when they are released), to kill a silo in the middle of a scale-out.
/// </summary>
internal sealed class CountingCompute(IComputeProvider cloud) : IComputeProvider
{
    private readonly Lock _gate = new();
    private int _toHold;
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _calls;

    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>Holds the next <paramref name="count"/> creates until <see cref="Release"/>; returns a task that completes when they are all held.</summary>
    public Task HoldNextCreates(int count)
    {
        lock (_gate)
        {
            _toHold = count;
            _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
            _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
            return _held.Task;
        }
    }

    public void Release() => _release.TrySetResult();

    public async Task<BatchResult> CreateInstancesAsync(IReadOnlyList<InstanceCreateRequest> requests, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        Task? wait = null;
        lock (_gate)
        {
            if (_toHold > 0)
            {
                wait = _release.Task;
                if (--_toHold == 0)
                {
                    _held.TrySetResult();
                }
            }
        }

        if (wait is not null)
        {
            // Not cancellable: the call is on its way to the cloud, whatever happens to the silo that made it.
            await wait.ConfigureAwait(false);
        }

        return await cloud.CreateInstancesAsync(requests, CancellationToken.None).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<InstanceInfo>> ListInstancesAsync(string scaleSetName, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        return cloud.ListInstancesAsync(scaleSetName, cancellationToken);
    }

    public Task<BatchResult> StartInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        return cloud.StartInstancesAsync(scaleSetName, instanceIds, cancellationToken);
    }

    public Task<BatchResult> StopInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        return cloud.StopInstancesAsync(scaleSetName, instanceIds, cancellationToken);
    }

    public Task<BatchResult> RestartInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        return cloud.RestartInstancesAsync(scaleSetName, instanceIds, cancellationToken);
    }

    public Task<BatchResult> ReimageInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, ScaleSetModel model, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        return cloud.ReimageInstancesAsync(scaleSetName, instanceIds, model, cancellationToken);
    }

    public Task<BatchResult> DeleteInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        return cloud.DeleteInstancesAsync(scaleSetName, instanceIds, cancellationToken);
    }
}
