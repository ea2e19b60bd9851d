using ScaleSets.Abstractions;

namespace ScaleSets.Control;

/// <summary>One instance in a controller's status: its identity, phase, zone and pool state.</summary>
/// <param name="Id">The provider's id.</param>
/// <param name="Name">The instance's name.</param>
/// <param name="Zone">The zone it runs in.</param>
/// <param name="Phase">Where it is in its life.</param>
/// <param name="State">Its provider state.</param>
/// <param name="Address">Its address, or <see langword="null"/> until it has one.</param>
/// <param name="MemberState">Its state in the backend pool, or <see langword="null"/> when it is not in the pool.</param>
/// <param name="Protected">Whether scale-in never chooses it.</param>
/// <param name="ModelVersion">The model version it runs.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="WarmUntil">Until when it warms up, while it does.</param>
/// <param name="Removal">Why it is being removed, or <see cref="InstanceRemovalReason.None"/>.</param>
/// <param name="CauseId">The decision that created it or, while it is removed, the one that removes it.</param>
public sealed record InstanceStatusEntry(
    string Id,
    string Name,
    string Zone,
    InstancePhase Phase,
    InstanceState State,
    string? Address,
    LoadBalancerMemberState? MemberState,
    bool Protected,
    string ModelVersion,
    DateTimeOffset CreatedAt,
    DateTimeOffset? WarmUntil,
    InstanceRemovalReason Removal,
    string? CauseId)
{
    internal static InstanceStatusEntry Of(TrackedInstance t, DateTimeOffset now)
    {
        var info = t.Info;
        var warming = t.Healthy && t.WarmUntil is { } until && until > now;
        var phase = t.IsRemoving || info.State == InstanceState.Deleting ? InstancePhase.Draining
            : t.Healthy ? (warming ? InstancePhase.WarmingUp : InstancePhase.InService)
            : !t.EverHealthy && info.State is InstanceState.Creating or InstanceState.Starting or InstanceState.Running ? InstancePhase.Creating
            : InstancePhase.Unhealthy;
        return new InstanceStatusEntry(
            info.Id,
            info.Name,
            info.Zone,
            phase,
            info.State,
            info.Address,
            t.Member?.State,
            info.ProtectedFromScaleIn,
            info.ModelVersion,
            info.CreatedAt,
            warming ? t.WarmUntil : null,
            t.Removal,
            t.IsRemoving ? t.RemovalCauseId : t.CauseId);
    }
}
