namespace ScaleSets.Abstractions;

/// <summary>The health of an instance, from its provider (heartbeat, application health extension) or a health probe.</summary>
public enum InstanceHealth
{
    /// <summary>Not known yet, for example while the instance boots.</summary>
    Unknown,

    /// <summary>Healthy: may serve traffic.</summary>
    Healthy,

    /// <summary>Unhealthy: must not serve traffic; repaired after the grace period.</summary>
    Unhealthy,
}
