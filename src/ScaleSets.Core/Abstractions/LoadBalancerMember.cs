namespace ScaleSets.Abstractions;

/// <summary>A member of a backend pool, as the load balancer reports it.</summary>
/// <param name="InstanceId">The instance id the member was registered for (HAProxy: the server name).</param>
/// <param name="InstanceName">The instance name.</param>
/// <param name="Address">The address traffic goes to.</param>
/// <param name="State">Its state.</param>
/// <param name="ActiveConnections">Its current active connections (sessions); the least-loaded scale-in policy uses it.</param>
public sealed record LoadBalancerMember(
    string InstanceId,
    string InstanceName,
    string Address,
    LoadBalancerMemberState State,
    int ActiveConnections);
