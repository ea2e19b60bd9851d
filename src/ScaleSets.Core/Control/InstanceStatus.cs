using ScaleSets.Abstractions;

namespace ScaleSets.Control;

/// <summary>The controller's view of one instance after its last pass.</summary>
/// <param name="Instance">The instance as the provider last reported it.</param>
/// <param name="Healthy">Whether the controller counts it healthy (provider health and, if configured, the health probe).</param>
/// <param name="MemberState">Its state in the backend pool, or <see langword="null"/> when it is not in the pool.</param>
/// <param name="Removal">Why it is being removed, or <see cref="InstanceRemovalReason.None"/>.</param>
/// <param name="CauseId">The decision that created it or, while it is being removed, the decision that removes it.</param>
public sealed record InstanceStatus(
    InstanceInfo Instance,
    bool Healthy,
    LoadBalancerMemberState? MemberState,
    InstanceRemovalReason Removal,
    string? CauseId);
