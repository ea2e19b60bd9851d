using ScaleSets.Abstractions;

namespace ScaleSets.Simulation.Cloud;

/// <summary>The <see cref="ILoadBalancer"/> of a <see cref="SimulatedCloud"/>. Draining members keep their connections for <see cref="SimulatedCloudOptions.ConnectionDrainTime"/>.</summary>
public sealed class SimulatedLoadBalancer : ILoadBalancer
{
    private readonly SimulatedCloud _cloud;

    internal SimulatedLoadBalancer(SimulatedCloud cloud) => _cloud = cloud;

    /// <inheritdoc />
    public Task RegisterAsync(string pool, string instanceId, string instanceName, string address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceName);
        ArgumentNullException.ThrowIfNull(address);
        return _cloud.MemberAsync(pool, instanceId, LoadBalancerMemberState.Registered, instanceName, address, cancellationToken);
    }

    /// <inheritdoc />
    public Task SetReadyAsync(string pool, string instanceId, CancellationToken cancellationToken) =>
        _cloud.MemberAsync(pool, instanceId, LoadBalancerMemberState.Ready, null, null, cancellationToken);

    /// <inheritdoc />
    public Task DrainAsync(string pool, string instanceId, CancellationToken cancellationToken) =>
        _cloud.MemberAsync(pool, instanceId, LoadBalancerMemberState.Draining, null, null, cancellationToken);

    /// <inheritdoc />
    public Task RemoveAsync(string pool, string instanceId, CancellationToken cancellationToken) =>
        _cloud.MemberAsync(pool, instanceId, null, null, null, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<LoadBalancerMember>> ListMembersAsync(string pool, CancellationToken cancellationToken) =>
        _cloud.ListMembersAsync(pool, cancellationToken);
}
