namespace ScaleSets.Control;

/// <summary>How scale-in chooses and removes instances.</summary>
public sealed class ScaleInPolicy
{
    /// <summary>Gets or sets the rule that picks the instances to remove. Instances protected from scale-in are never picked.</summary>
    /// <value>The default is <see cref="ScaleInRule.Default"/>.</value>
    public ScaleInRule Rule { get; set; } = ScaleInRule.Default;

    /// <summary>
    /// Gets or sets the terminate notification's not-before timeout: how long the controller waits, after an instance left
    /// the load balancer, for the <see cref="Abstractions.IInstanceLifecycleHook"/> to approve its deletion. Used only with a hook.
    /// </summary>
    /// <value>The default is five minutes. Allowed: 0 to 1 hour.</value>
    public TimeSpan TerminateNotificationTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
