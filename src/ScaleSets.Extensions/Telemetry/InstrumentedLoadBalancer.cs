using ScaleSets.Abstractions;

namespace ScaleSets.Telemetry;

/// <summary>
/// Wraps the user's load balancer for one hosted scale set, so every call's latency and failures reach the
/// <c>ScaleSets</c> meter without the controller knowing; results and exceptions pass through unchanged.
/// </summary>
internal sealed class InstrumentedLoadBalancer(ILoadBalancer inner, string scaleSet, ScaleSetsTelemetry telemetry) : ILoadBalancer
{
    public ILoadBalancer Inner => inner;

    public Task RegisterAsync(string pool, string instanceId, string instanceName, string address, CancellationToken cancellationToken) =>
        telemetry.MeasureAsync(scaleSet, ProviderOperations.Register, () => inner.RegisterAsync(pool, instanceId, instanceName, address, cancellationToken));

    public Task SetReadyAsync(string pool, string instanceId, CancellationToken cancellationToken) =>
        telemetry.MeasureAsync(scaleSet, ProviderOperations.Ready, () => inner.SetReadyAsync(pool, instanceId, cancellationToken));

    public Task DrainAsync(string pool, string instanceId, CancellationToken cancellationToken) =>
        telemetry.MeasureAsync(scaleSet, ProviderOperations.Drain, () => inner.DrainAsync(pool, instanceId, cancellationToken));

    public Task RemoveAsync(string pool, string instanceId, CancellationToken cancellationToken) =>
        telemetry.MeasureAsync(scaleSet, ProviderOperations.Remove, () => inner.RemoveAsync(pool, instanceId, cancellationToken));

    public Task<IReadOnlyList<LoadBalancerMember>> ListMembersAsync(string pool, CancellationToken cancellationToken) =>
        telemetry.MeasureAsync(scaleSet, ProviderOperations.ListMembers, () => inner.ListMembersAsync(pool, cancellationToken));
}
