namespace ScaleSets.Abstractions;

/// <summary>
/// Creates, lists, starts, stops, reimages and deletes the instances of scale sets on some infrastructure (Hyper-V,
/// a cloud API, a fleet of bare-metal hosts). Calls may be slow and fail part-way: batch calls report each item,
/// creates are idempotent on <see cref="InstanceCreateRequest.InstanceName"/> / <see cref="InstanceCreateRequest.ClientToken"/>,
/// and deleting an instance that does not exist succeeds. A whole call that fails throws <see cref="ProviderOperationException"/>.
/// </summary>
public interface IComputeProvider
{
    /// <summary>Creates instances. Each item either succeeds with the instance (possibly still booting) or fails on its own.</summary>
    /// <param name="requests">The instances to create.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One result per request, keyed by instance name.</returns>
    Task<BatchResult> CreateInstancesAsync(IReadOnlyList<InstanceCreateRequest> requests, CancellationToken cancellationToken);

    /// <summary>Lists every instance the provider holds for a scale set, so a restarted controller can rebuild its state.</summary>
    /// <param name="scaleSetName">The scale set.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The instances, with their current state, health and address.</returns>
    Task<IReadOnlyList<InstanceInfo>> ListInstancesAsync(string scaleSetName, CancellationToken cancellationToken);

    /// <summary>Starts stopped instances.</summary>
    /// <param name="scaleSetName">The scale set.</param>
    /// <param name="instanceIds">The instances.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One result per instance id.</returns>
    Task<BatchResult> StartInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken);

    /// <summary>Stops instances (they keep their disks and id).</summary>
    /// <param name="scaleSetName">The scale set.</param>
    /// <param name="instanceIds">The instances.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One result per instance id.</returns>
    Task<BatchResult> StopInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken);

    /// <summary>Restarts instances (a stop then a start); used by automatic repair.</summary>
    /// <param name="scaleSetName">The scale set.</param>
    /// <param name="instanceIds">The instances.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One result per instance id.</returns>
    Task<BatchResult> RestartInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken);

    /// <summary>Reimages instances from <paramref name="model"/>: a fresh OS disk, the same id, name and zone.</summary>
    /// <param name="scaleSetName">The scale set.</param>
    /// <param name="instanceIds">The instances.</param>
    /// <param name="model">The model to reimage from; the instances then report its version.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One result per instance id.</returns>
    Task<BatchResult> ReimageInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, ScaleSetModel model, CancellationToken cancellationToken);

    /// <summary>Deletes instances with their disks. An instance that is already gone counts as deleted.</summary>
    /// <param name="scaleSetName">The scale set.</param>
    /// <param name="instanceIds">The instances.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One result per instance id.</returns>
    Task<BatchResult> DeleteInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken);
}
