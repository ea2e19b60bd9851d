using ScaleSets.Abstractions;

namespace ScaleSets.Telemetry;

/// <summary>
/// Wraps the user's compute provider for one hosted scale set, so every call's latency and failures reach the
/// <c>ScaleSets</c> meter without the controller knowing; results and exceptions pass through unchanged.
/// </summary>
internal sealed class InstrumentedComputeProvider(IComputeProvider inner, string scaleSet, ScaleSetsTelemetry telemetry) : IComputeProvider
{
    public IComputeProvider Inner => inner;

    public Task<BatchResult> CreateInstancesAsync(IReadOnlyList<InstanceCreateRequest> requests, CancellationToken cancellationToken) =>
        telemetry.MeasureBatchAsync(scaleSet, ProviderOperations.Create, () => inner.CreateInstancesAsync(requests, cancellationToken));

    public Task<IReadOnlyList<InstanceInfo>> ListInstancesAsync(string scaleSetName, CancellationToken cancellationToken) =>
        telemetry.MeasureAsync(scaleSet, ProviderOperations.List, () => inner.ListInstancesAsync(scaleSetName, cancellationToken));

    public Task<BatchResult> StartInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) =>
        telemetry.MeasureBatchAsync(scaleSet, ProviderOperations.Start, () => inner.StartInstancesAsync(scaleSetName, instanceIds, cancellationToken));

    public Task<BatchResult> StopInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) =>
        telemetry.MeasureBatchAsync(scaleSet, ProviderOperations.Stop, () => inner.StopInstancesAsync(scaleSetName, instanceIds, cancellationToken));

    public Task<BatchResult> RestartInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) =>
        telemetry.MeasureBatchAsync(scaleSet, ProviderOperations.Restart, () => inner.RestartInstancesAsync(scaleSetName, instanceIds, cancellationToken));

    public Task<BatchResult> ReimageInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, ScaleSetModel model, CancellationToken cancellationToken) =>
        telemetry.MeasureBatchAsync(scaleSet, ProviderOperations.Reimage, () => inner.ReimageInstancesAsync(scaleSetName, instanceIds, model, cancellationToken));

    public Task<BatchResult> DeleteInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) =>
        telemetry.MeasureBatchAsync(scaleSet, ProviderOperations.Delete, () => inner.DeleteInstancesAsync(scaleSetName, instanceIds, cancellationToken));
}
