using ScaleSets.Abstractions;

namespace ScaleSets.Control;

/// <summary>One member call the <see cref="PoolSyncPlanner"/> decided.</summary>
/// <param name="Instance">The instance.</param>
/// <param name="To">The member state to reach: registered (and then ready), ready, or draining.</param>
/// <param name="RollsBackRemoval">Whether putting the instance in service drops a removal a controller before a restart had started.</param>
internal readonly record struct PoolSyncAction(TrackedInstance Instance, LoadBalancerMemberState To, bool RollsBackRemoval);
