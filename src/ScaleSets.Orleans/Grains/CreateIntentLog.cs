using ScaleSets.Abstractions;

namespace ScaleSets.Orleans.Grains;

/// <summary>
/// The compute provider as the controller sees it, with every create written to the grain's state before it is sent
/// and removed when its answer came (see <see cref="ScaleSetGrainState.PendingCreates"/>). The write before is
/// conditional, so an activation another one has replaced sends no create at all.
/// </summary>
internal sealed class CreateIntentLog(IComputeProvider inner, GrainControllerStateStore store) : IComputeProvider
{
    public async Task<BatchResult> CreateInstancesAsync(IReadOnlyList<InstanceCreateRequest> requests, CancellationToken cancellationToken)
    {
        await store.RecordCreatesAsync(requests).ConfigureAwait(false);
        var result = await inner.CreateInstancesAsync(requests, cancellationToken).ConfigureAwait(false);

        // Answered (made or failed): the controller's next listing shows what exists, so the intent is done.
        await store.ClearCreatesAsync([.. requests.Select(r => r.InstanceName)]).ConfigureAwait(false);
        return result;
    }

    public Task<IReadOnlyList<InstanceInfo>> ListInstancesAsync(string scaleSetName, CancellationToken cancellationToken) =>
        inner.ListInstancesAsync(scaleSetName, cancellationToken);

    public Task<BatchResult> StartInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) =>
        inner.StartInstancesAsync(scaleSetName, instanceIds, cancellationToken);

    public Task<BatchResult> StopInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) =>
        inner.StopInstancesAsync(scaleSetName, instanceIds, cancellationToken);

    public Task<BatchResult> RestartInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) =>
        inner.RestartInstancesAsync(scaleSetName, instanceIds, cancellationToken);

    public Task<BatchResult> ReimageInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, ScaleSetModel model, CancellationToken cancellationToken) =>
        inner.ReimageInstancesAsync(scaleSetName, instanceIds, model, cancellationToken);

    public Task<BatchResult> DeleteInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) =>
        inner.DeleteInstancesAsync(scaleSetName, instanceIds, cancellationToken);
}
