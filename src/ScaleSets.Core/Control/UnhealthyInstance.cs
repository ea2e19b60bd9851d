namespace ScaleSets.Control;

/// <summary>
/// When an instance was last seen turning unhealthy, kept in <see cref="ControllerState.Unhealthy"/> so a restarted
/// controller counts the automatic repair grace period from that moment and not from its own start.
/// </summary>
/// <param name="InstanceId">The instance.</param>
/// <param name="Since">When the controller first saw it not healthy (or created it, for an instance that never turned healthy).</param>
public sealed record UnhealthyInstance(string InstanceId, DateTimeOffset Since);
