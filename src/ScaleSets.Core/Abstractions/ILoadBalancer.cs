namespace ScaleSets.Abstractions;

/// <summary>
/// A load balancer's backend pool, driven in the order create → healthy → <see cref="RegisterAsync"/> → <see cref="SetReadyAsync"/>
/// and, on removal, <see cref="DrainAsync"/> → drained or timed out → <see cref="RemoveAsync"/> → delete the instance.
/// Members are listed so membership can be reconciled after the load balancer itself restarts. A failed call throws
/// <see cref="ProviderOperationException"/>.
/// </summary>
public interface ILoadBalancer
{
    /// <summary>Adds an instance to the pool in the <see cref="LoadBalancerMemberState.Registered"/> state (no traffic yet). Adding an existing member updates its address.</summary>
    /// <param name="pool">The backend pool.</param>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="instanceName">The instance name.</param>
    /// <param name="address">The instance's address.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the member is added.</returns>
    Task RegisterAsync(string pool, string instanceId, string instanceName, string address, CancellationToken cancellationToken);

    /// <summary>Lets a member take new connections.</summary>
    /// <param name="pool">The backend pool.</param>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the member is ready.</returns>
    Task SetReadyAsync(string pool, string instanceId, CancellationToken cancellationToken);

    /// <summary>Stops sending new connections to a member; existing ones may finish.</summary>
    /// <param name="pool">The backend pool.</param>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the member is draining.</returns>
    Task DrainAsync(string pool, string instanceId, CancellationToken cancellationToken);

    /// <summary>Removes a member from the pool. Removing a member that is not there succeeds.</summary>
    /// <param name="pool">The backend pool.</param>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the member is gone.</returns>
    Task RemoveAsync(string pool, string instanceId, CancellationToken cancellationToken);

    /// <summary>Lists the pool's members with their state and active connections.</summary>
    /// <param name="pool">The backend pool.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The members.</returns>
    Task<IReadOnlyList<LoadBalancerMember>> ListMembersAsync(string pool, CancellationToken cancellationToken);
}
