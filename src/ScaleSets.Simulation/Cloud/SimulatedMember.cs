using ScaleSets.Abstractions;

namespace ScaleSets.Simulation.Cloud;

/// <summary>One simulated pool member; mutated only under the cloud's lock.</summary>
internal sealed class SimulatedMember(string instanceId, string instanceName, string address)
{
    public string InstanceId { get; } = instanceId;

    public string InstanceName { get; } = instanceName;

    public string Address { get; set; } = address;

    public LoadBalancerMemberState State { get; set; } = LoadBalancerMemberState.Registered;

    public DateTimeOffset DrainStartedAt { get; set; }

    public int? Connections { get; set; }

    /// <summary>Gets or sets the description last listed, reused while the member is unchanged.</summary>
    public LoadBalancerMember? Cached { get; set; }

    /// <summary>Gets or sets a value indicating whether the member's listing entry is to be refreshed by the next list call.</summary>
    public bool Changed { get; set; }

    /// <summary>Gets or sets the member's position in its pool's listing.</summary>
    public int ListIndex { get; set; }
}
