using ScaleSets.Abstractions;

namespace ScaleSets.Simulation.Cloud;

/// <summary>The <see cref="IComputeProvider"/> of a <see cref="SimulatedCloud"/>.</summary>
public sealed class SimulatedComputeProvider : IComputeProvider
{
    private readonly SimulatedCloud _cloud;

    internal SimulatedComputeProvider(SimulatedCloud cloud) => _cloud = cloud;

    /// <inheritdoc />
    public Task<BatchResult> CreateInstancesAsync(IReadOnlyList<InstanceCreateRequest> requests, CancellationToken cancellationToken) =>
        _cloud.CreateAsync(requests, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<InstanceInfo>> ListInstancesAsync(string scaleSetName, CancellationToken cancellationToken) =>
        _cloud.ListAsync(scaleSetName, cancellationToken);

    /// <inheritdoc />
    public Task<BatchResult> StartInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) =>
        _cloud.MutateAsync(scaleSetName, instanceIds, SimulatedOperation.Start, null, cancellationToken);

    /// <inheritdoc />
    public Task<BatchResult> StopInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) =>
        _cloud.MutateAsync(scaleSetName, instanceIds, SimulatedOperation.Stop, null, cancellationToken);

    /// <inheritdoc />
    public Task<BatchResult> RestartInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) =>
        _cloud.MutateAsync(scaleSetName, instanceIds, SimulatedOperation.Restart, null, cancellationToken);

    /// <inheritdoc />
    public Task<BatchResult> ReimageInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, ScaleSetModel model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        return _cloud.MutateAsync(scaleSetName, instanceIds, SimulatedOperation.Reimage, model, cancellationToken);
    }

    /// <inheritdoc />
    public Task<BatchResult> DeleteInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) =>
        _cloud.MutateAsync(scaleSetName, instanceIds, SimulatedOperation.Delete, null, cancellationToken);
}
