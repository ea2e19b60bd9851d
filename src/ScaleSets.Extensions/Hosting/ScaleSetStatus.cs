using ScaleSets.Control;
using ScaleSets.Engine;

namespace ScaleSets.Hosting;

/// <summary>
/// A running scale set's status, what an operator reads first (as <c>kubectl describe hpa</c> shows it): the current and
/// desired capacity, the engine's side (<see cref="AutoscalerStatus"/>: profile, rules against thresholds, conditions,
/// blockers, forecast, recent decisions) and the controller's (<see cref="ControllerStatus"/>: instances by phase and zone,
/// recent events). Returned by <see cref="ScaleSetsRuntime.GetStatus"/>.
/// </summary>
public sealed record ScaleSetStatus
{
    /// <summary>Gets the scale set's name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets when the status was taken, on the engine's clock.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>
    /// Gets the capacity the set has: what the controller's latest pass counted as current (the desired capacity, or the
    /// instances in service when a scale-out could not complete), else the autoscaler's.
    /// </summary>
    public required int CurrentCapacity { get; init; }

    /// <summary>Gets the capacity the autoscaler's latest decision asked for (the controller's desired capacity, else the autoscaler's).</summary>
    public required int DesiredCapacity { get; init; }

    /// <summary>Gets the engine's side of the status.</summary>
    public required AutoscalerStatus Autoscaler { get; init; }

    /// <summary>Gets the controller's side, or <see langword="null"/> when the set has no controller (yet).</summary>
    public ControllerStatus? Controller { get; init; }
}
