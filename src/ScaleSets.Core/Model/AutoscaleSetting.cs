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
