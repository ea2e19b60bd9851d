using ScaleSets.Abstractions;

namespace ScaleSets.Control;

/// <summary>What the controller knows of one instance beyond what the provider and load balancer report. Rebuilt from them after a restart.</summary>
internal sealed class TrackedInstance
{
    private InstanceInfo _info;
    private bool _healthy;
    private InstanceRemovalReason _removal;
    private bool _surgeReplacePending;
    private LoadBalancerMember? _member;

    public TrackedInstance(InstanceInfo info, int index, string? causeId)
    {
        _info = info;
        Index = index;
        CauseId = causeId;
    }

    public InstanceInfo Info
    {
        get => _info;
        set
        {
            if (Counts is { } counts && !ReferenceEquals(_info, value))
            {
                counts.Remove(this);
                _info = value;
                counts.Add(this);
            }
            else
            {
                _info = value;
            }
        }
    }

    /// <summary>Gets the numeric index parsed from the instance name; -1 when the name has none.</summary>
    public int Index { get; }

    public string Id => Info.Id;

    public string Zone => Info.Zone;

    public LoadBalancerMember? Member
    {
        get => _member;
        set
        {
            if (!ReferenceEquals(_member, value))
            {
                Recount(ref _member, value);
            }
        }
    }

    public bool Healthy
    {
        get => _healthy;
        set => Recount(ref _healthy, value);
    }

    /// <summary>Gets or sets the last health probe outcome; true when no probe ran.</summary>
    public bool ProbeHealthy { get; set; } = true;

    public string? ProbeDetail { get; set; }

    public bool EverHealthy { get; set; }

    /// <summary>Gets or sets until when it warms up after turning healthy (for the status), or <see langword="null"/>.</summary>
    public DateTimeOffset? WarmUntil { get; set; }

    /// <summary>Gets or sets since when the instance has not been healthy (creation, adoption, repair or the health change).</summary>
    public DateTimeOffset? NotHealthySince { get; set; }

    public string? CauseId { get; set; }

    public bool CreatedHookDone { get; set; }

    public InstanceRemovalReason Removal
    {
        get => _removal;
        set => Recount(ref _removal, value);
    }

    public string? RemovalCauseId { get; set; }

    public DateTimeOffset? DrainStartedAt { get; set; }

    public DateTimeOffset? TerminateNotBefore { get; set; }

    public bool TerminateApproved { get; set; }

    /// <summary>Gets or sets a value indicating whether this instance is the outcome of a repair (restarted, reimaged or a replacement) not yet judged.</summary>
    public bool RepairPending { get; set; }

    /// <summary>Gets or sets a value indicating whether this outdated instance is kept until its surge replacement is ready.</summary>
    public bool SurgeReplacePending
    {
        get => _surgeReplacePending;
        set => Recount(ref _surgeReplacePending, value);
    }

    /// <summary>Gets or sets the number of the controller's last observation that listed this instance.</summary>
    public long Observation { get; set; }

    /// <summary>Gets or sets the pool member the observation <see cref="MemberObservation"/> listed for this instance.</summary>
    public LoadBalancerMember? ObservedMember { get; set; }

    /// <summary>Gets or sets the number of the last observation that listed a pool member for this instance.</summary>
    public long MemberObservation { get; set; }

    /// <summary>
    /// Gets or sets the progress of a removal a controller before a restart had started: applied when this controller removes the
    /// instance too, dropped when it puts the instance back in service.
    /// </summary>
    public RemovalProgress? RestoredRemoval { get; set; }

    /// <summary>Gets or sets the counts this instance is part of, kept up to date by its setters: its table's while tracked, else <see langword="null"/>.</summary>
    public InstanceCounts? Counts { get; set; }

    /// <summary>Gets a value indicating whether an <see cref="InstanceTable"/> tracks this instance.</summary>
    public bool IsTracked => Counts is not null;

    public bool IsRemoving => Removal != InstanceRemovalReason.None;

    public bool InPool => Member is not null;

    public bool IsReady => Member is { State: LoadBalancerMemberState.Ready };

    /// <summary>Changes a field the counts depend on, counting the instance out before and in after when the value changes.</summary>
    private void Recount<T>(ref T field, T value)
    {
        if (Counts is { } counts && !EqualityComparer<T>.Default.Equals(field, value))
        {
            counts.Remove(this);
            field = value;
            counts.Add(this);
        }
        else
        {
            field = value;
        }
    }
}
