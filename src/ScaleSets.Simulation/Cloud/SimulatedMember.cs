using ScaleSets.Abstractions;

namespace ScaleSets.Simulation.Cloud;

/// <summary>One simulated pool member; mutated only under the cloud's lock.</summary>
internal sealed class SimulatedMember(string instanceId, string instanceName, string address) : Listed<LoadBalancerMember>
{
    public string InstanceId { get; } = instanceId;

    public string InstanceName { get; } = instanceName;

    public string Address { get; set; } = address;

    public LoadBalancerMemberState State { get; set; } = LoadBalancerMemberState.Registered;

    public DateTimeOffset DrainStartedAt { get; set; }

    public int? Connections { get; set; }
}
