using ScaleSets.Abstractions;

namespace ScaleSets.HAProxy.Runtime;

/// <summary>What the adapter was told a server should be; re-applied when HAProxy restarts and forgets its runtime servers.</summary>
/// <param name="InstanceId">The instance id.</param>
/// <param name="InstanceName">The instance name.</param>
/// <param name="Address">The address.</param>
/// <param name="State">The pool state.</param>
/// <param name="Weight">The weight.</param>
internal sealed record DesiredServer(string InstanceId, string InstanceName, ServerAddress Address, LoadBalancerMemberState State, int Weight);
