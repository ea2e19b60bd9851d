namespace ScaleSets.Model;

/// <summary>
/// A set of capacity bounds and rules that applies at certain times: always (the default profile), on a weekly
/// recurrence, or during a fixed period. Fixed-date profiles take precedence over recurrence profiles, which take
/// precedence over the default profile.
/// </summary>
public sealed class AutoscaleProfile
{
    /// <summary>Gets or sets the profile name, shown in decisions.</summary>
    public string Name { get; set; } = "";

    /// <summary>Gets or sets the capacity bounds.</summary>
    public ScaleCapacity Capacity { get; set; } = new();

    /// <summary>Gets or sets the rules; at most 10.</summary>
    public List<ScaleRule> Rules { get; set; } = [];

    /// <summary>Gets or sets the weekly recurrence that activates the profile, if any.</summary>
    public Recurrence? Recurrence { get; set; }

    /// <summary>Gets or sets the fixed period that activates the profile, if any.</summary>
    public FixedDateWindow? FixedDate { get; set; }

    /// <summary>Gets or sets how the rules' proposals are combined into one capacity.</summary>
    /// <value>The default is <see cref="RuleCombination.Auto"/>: Kubernetes HPA's way when every rule is a target-tracking rule, Azure's way otherwise.</value>
    public RuleCombination Combination { get; set; }

    /// <summary>Gets whether this is a default profile: neither recurrence nor fixed date.</summary>
    public bool IsDefault => Recurrence is null && FixedDate is null;
}
