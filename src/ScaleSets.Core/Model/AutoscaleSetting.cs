namespace ScaleSets.Model;

/// <summary>
/// The autoscale setting of one scale set: its profiles, each with capacity bounds and rules. It mirrors an Azure
/// Monitor autoscale setting point for point, and extends it with target-tracking and step-scaling rules.
/// </summary>
public sealed class AutoscaleSetting
{
    /// <summary>Gets or sets the setting's name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Gets or sets whether autoscaling is enabled; a disabled setting evaluates and explains but never acts.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Gets or sets the predictive policy: forecast a metric and provision ahead of demand, as a floor under the
    /// active profile's reactive rules (or only forecast and explain), or <see langword="null"/> for none.
    /// </summary>
    /// <value>The default is <see langword="null"/>.</value>
    public PredictiveScalingPolicy? Predictive { get; set; }

    /// <summary>Gets or sets the profiles; at most 20.</summary>
    public List<AutoscaleProfile> Profiles { get; set; } = [];

    /// <summary>
    /// Gets or sets whether a set at zero instances with a profile minimum above zero is left alone (Kubernetes HPA:
    /// "scaling is disabled since the replica count of the target is zero"), so an operator can park a set at zero;
    /// otherwise it is raised to the minimum. <see langword="null"/> decides per profile: paused when the active
    /// profile combines its rules the HPA way (<see cref="RuleCombination.Hpa"/>, or <see cref="RuleCombination.Auto"/> with only target-tracking rules).
    /// </summary>
    /// <value>The default is <see langword="null"/>.</value>
    public bool? PauseAtZero { get; set; }

    /// <summary>
    /// Gets or sets how often this scale set is evaluated, at each multiple of it (UTC); <see langword="null"/> evaluates
    /// it at every tick of the engine (<c>AutoscaleEngineOptions.EvaluationInterval</c>). Kubernetes HPA
    /// evaluates every 15 seconds, Azure every 30 to 60 seconds. The engine cannot evaluate more often than it ticks:
    /// the interval must be a multiple of the engine's.
    /// </summary>
    /// <value>The default is <see langword="null"/>. Allowed: 1 second to 1 hour.</value>
    public TimeSpan? EvaluationInterval { get; set; }

    /// <summary>
    /// Gets or sets the resource this setting scales (Azure's <c>targetResourceUri</c>), or <see langword="null"/>. A
    /// trigger's <see cref="MetricTrigger.MetricResourceUri"/> equal to it names the scale set's own metrics, and it
    /// identifies the resource in notifications.
    /// </summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? TargetResourceUri { get; set; }

    /// <summary>Gets or sets the region of the target resource (Azure's <c>targetResourceLocation</c>), used in notifications.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? TargetResourceLocation { get; set; }

    /// <summary>
    /// Gets or sets who is told about each scale action (Azure's <c>notifications</c>): webhooks POSTed with Azure's
    /// payload, and e-mail through a user-supplied sink.
    /// </summary>
    /// <value>The default is empty.</value>
    public List<AutoscaleNotification> Notifications { get; set; } = [];
}
