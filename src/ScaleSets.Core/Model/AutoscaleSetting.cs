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
}
