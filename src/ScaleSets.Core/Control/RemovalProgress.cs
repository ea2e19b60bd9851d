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
    bool TerminateApproved);
