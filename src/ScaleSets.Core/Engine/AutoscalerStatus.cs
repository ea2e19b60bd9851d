using ScaleSets.Policy;
using ScaleSets.Prediction;

namespace ScaleSets.Engine;

/// <summary>
/// The engine's side of a scale set's status at one instant (<see cref="ScaleSetAutoscaler.GetStatus"/>): the capacity and
/// what the latest evaluation wanted, the active profile and when the next one starts, each rule against its threshold,
/// the conditions in Kubernetes HPA's sense, what blocks the next action, the forecast, and the recent decisions.
/// </summary>
public sealed record AutoscalerStatus
{
    /// <summary>Gets the scale set's name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets when the status was taken, on the engine's clock.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>Gets the name of the setting in force.</summary>
    public required string Setting { get; init; }

    /// <summary>Gets whether the setting may act.</summary>
    public required bool Enabled { get; init; }

    /// <summary>Gets when the latest evaluation ran, or <see langword="null"/> before the first.</summary>
    public DateTimeOffset? LastEvaluation { get; init; }

    /// <summary>Gets the capacity the autoscaler reasons from: its latest decision's, or the one the controller reported.</summary>
    public required int Capacity { get; init; }

    /// <summary>Gets the capacity the latest evaluation's rules asked for before anything blocked it (the capacity before any evaluation).</summary>
    public required int Wanted { get; init; }

    /// <summary>Gets why the latest evaluation wanted <see cref="Wanted"/>.</summary>
    public required ScaleReason Reason { get; init; }

    /// <summary>Gets what held the latest evaluation's capacity from <see cref="Wanted"/>, if anything (including a profile limit).</summary>
    public required ScaleBlockReason Blocked { get; init; }

    /// <summary>Gets the active profile's name.</summary>
    public required string Profile { get; init; }

    /// <summary>Gets the active profile's minimum capacity.</summary>
    public required int Minimum { get; init; }

    /// <summary>Gets the active profile's maximum capacity.</summary>
    public required int Maximum { get; init; }

    /// <summary>Gets the active profile's default capacity.</summary>
    public required int Default { get; init; }

    /// <summary>Gets the name of the profile that follows the active one, or <see langword="null"/> when none is scheduled.</summary>
    public string? NextProfile { get; init; }

    /// <summary>Gets when <see cref="NextProfile"/> starts, or <see langword="null"/>.</summary>
    public DateTimeOffset? NextProfileStart { get; init; }

    /// <summary>Gets each rule of the active profile at the latest evaluation, in profile order.</summary>
    public required IReadOnlyList<RuleStatus> Rules { get; init; }

    /// <summary>Gets the conditions AbleToScale, ScalingActive and ScalingLimited, in that order.</summary>
    public required IReadOnlyList<ScaleSetCondition> Conditions { get; init; }

    /// <summary>Gets the end of the cooldown in force, or <see langword="null"/> when none is.</summary>
    public DateTimeOffset? CooldownUntil { get; init; }

    /// <summary>Gets the rules whose metric had no data in their window at the latest evaluation.</summary>
    public required IReadOnlyList<string> MissingData { get; init; }

    /// <summary>Gets what blocks the next action, in one sentence (for example <c>cooldown until 10:42:00Z</c>); empty when nothing does.</summary>
    public required string NextActionBlockedBy { get; init; }

    /// <summary>Gets the predictive policy's latest recommendation, or <see langword="null"/> without a predictive policy.</summary>
    public PredictiveRecommendation? Forecast { get; init; }

    /// <summary>Gets the latest published decisions (actions and refused changes), oldest first, at most <see cref="ScaleSetAutoscaler.RecentDecisionCapacity"/>.</summary>
    public required IReadOnlyList<DecisionRecord> RecentDecisions { get; init; }

    /// <summary>Gets a condition by type.</summary>
    /// <param name="type">The condition's type.</param>
    /// <returns>The condition.</returns>
    public ScaleSetCondition GetCondition(ScaleSetConditionType type) => Conditions.First(c => c.Type == type);
}
