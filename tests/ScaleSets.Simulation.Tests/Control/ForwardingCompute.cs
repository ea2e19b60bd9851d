using ScaleSets.Abstractions;

namespace ScaleSets.Simulation.Tests.Control;

/// <summary>A provider that passes every call to another; tests override the calls they script or record.</summary>
internal abstract class ForwardingCompute(IComputeProvider inner) : IComputeProvider
{
    protected IComputeProvider Inner => inner;

    public virtual Task<BatchResult> CreateInstancesAsync(IReadOnlyList<InstanceCreateRequest> requests, CancellationToken cancellationToken) =>
        inner.CreateInstancesAsync(requests, cancellationToken);

    public virtual Task<IReadOnlyList<InstanceInfo>> ListInstancesAsync(string scaleSetName, CancellationToken cancellationToken) =>
        inner.ListInstancesAsync(scaleSetName, cancellationToken);

    public virtual Task<BatchResult> DeleteInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) =>
        inner.DeleteInstancesAsync(scaleSetName, instanceIds, cancellationToken);

    public virtual Task<BatchResult> RestartInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) =>
        inner.RestartInstancesAsync(scaleSetName, instanceIds, cancellationToken);

    public virtual Task<BatchResult> StartInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) =>
        inner.StartInstancesAsync(scaleSetName, instanceIds, cancellationToken);

    public virtual Task<BatchResult> StopInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) =>
        inner.StopInstancesAsync(scaleSetName, instanceIds, cancellationToken);

    public virtual Task<BatchResult> ReimageInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, ScaleSetModel model, CancellationToken cancellationToken) =>
        inner.ReimageInstancesAsync(scaleSetName, instanceIds, model, cancellationToken);
}
