namespace ScaleSets.Model;

/// <summary>What a threshold rule does when its trigger is met (Azure's <c>scaleAction</c>).</summary>
public sealed class ScaleAction
{
    /// <summary>Gets or sets whether the rule scales out or in.</summary>
    /// <value>The default is <see cref="ScaleDirection.Increase"/>.</value>
    public ScaleDirection Direction { get; set; } = ScaleDirection.Increase;

    /// <summary>Gets or sets how <see cref="Value"/> changes the capacity.</summary>
    /// <value>The default is <see cref="ScaleType.ChangeCount"/>.</value>
    public ScaleType Type { get; set; } = ScaleType.ChangeCount;

    /// <summary>Gets or sets the instance count, percentage or exact capacity, depending on <see cref="Type"/>.</summary>
    /// <value>The default is 1.</value>
    public int Value { get; set; } = 1;

    /// <summary>Gets or sets how long no further scale action may happen after this one.</summary>
    /// <value>The default is five minutes. Allowed: 1 minute to 1 week.</value>
    public TimeSpan Cooldown { get; set; } = TimeSpan.FromMinutes(5);
}
