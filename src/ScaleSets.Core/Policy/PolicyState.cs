using ScaleSets.Rules;

namespace ScaleSets.Policy;

/// <summary>What the policy remembers about one scale set between evaluations.</summary>
internal sealed class PolicyState
{
    /// <summary>Gets or sets the end of the cooldown of the last action.</summary>
    public DateTimeOffset? CooldownUntil { get; set; }

    /// <summary>Gets the recent capacity changes, for target tracking's rate policies.</summary>
    public ScaleEventLog Events { get; } = new();
}
