namespace ScaleSets.Control;

/// <summary>
/// The state a prepared warm-pool instance waits in (AWS EC2 Auto Scaling's <c>PoolState</c>, Azure standby pools' VM state).
/// </summary>
public enum WarmPoolState
{
    /// <summary>
    /// Stopped (AWS <c>Stopped</c>, Azure <c>Deallocated</c>): it keeps its disks and costs only them; a scale-out starts it,
    /// which takes the provider's start time instead of a create and a first boot.
    /// </summary>
    Stopped,

    /// <summary>
    /// Running but outside the load balancer (AWS and Azure <c>Running</c>): a scale-out only registers it, so it serves as soon
    /// as the load balancer sees it healthy; it costs what a serving instance costs.
    /// </summary>
    Running,
}
