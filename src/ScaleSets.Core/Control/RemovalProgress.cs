namespace ScaleSets.Control;

/// <summary>
/// How far the removal of one instance got, kept in <see cref="ControllerState.Removals"/> so a restarted controller that
/// removes the same instance continues where the one before it stopped: the drain timeout counts from the original drain,
/// a terminate notification already sent is neither sent again nor cut short.
/// </summary>
/// <param name="InstanceId">The instance being removed.</param>
/// <param name="DrainStartedAt">When its load balancer drain started, or <see langword="null"/> when it had not.</param>
/// <param name="TerminateNotBefore">The not-before time of the terminate notification sent for it, or <see langword="null"/> when none was sent.</param>
/// <param name="TerminateApproved">Whether the terminate hook approved deleting it before that time.</param>
public sealed record RemovalProgress(
    string InstanceId,
    DateTimeOffset? DrainStartedAt,
    DateTimeOffset? TerminateNotBefore,
    bool TerminateApproved)
{
    /// <summary>
    /// Gets why the instance is being removed. A restarted controller resumes an <see cref="InstanceRemovalReason.Upgrade"/>
    /// removal as it finds it (the batch's replacement may exist already, so the set would otherwise look one instance too
    /// large and the batch be redone); any other removal is decided again from what the provider reports.
    /// </summary>
    /// <value>The default is <see cref="InstanceRemovalReason.None"/>: a state saved before this property existed.</value>
    public InstanceRemovalReason Reason { get; init; }

    /// <summary>Gets the decision or change that caused the removal, carried by its events after a restart.</summary>
    public string? CauseId { get; init; }
}
