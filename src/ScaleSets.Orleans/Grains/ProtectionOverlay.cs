using ScaleSets.Abstractions;

namespace ScaleSets.Orleans.Grains;

/// <summary>
/// The compute provider as the controller sees it: instances protected through the grain are listed as protected from
/// scale-in (the grain's storage is where the protection lives, for providers that keep none of their own).
/// </summary>
internal sealed class ProtectionOverlay(IComputeProvider inner, Func<string, bool> isProtected) : IComputeProvider
{
    public Task<BatchResult> CreateInstancesAsync(IReadOnlyList<InstanceCreateRequest> requests, CancellationToken cancellationToken) =>
        inner.CreateInstancesAsync(requests, cancellationToken);

    public async Task<IReadOnlyList<InstanceInfo>> ListInstancesAsync(string scaleSetName, CancellationToken cancellationToken)
    {
        var listed = await inner.ListInstancesAsync(scaleSetName, cancellationToken).ConfigureAwait(false);
        return [.. listed.Select(i => !i.ProtectedFromScaleIn && isProtected(i.Id) ? i with { ProtectedFromScaleIn = true } : i)];
    }

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
