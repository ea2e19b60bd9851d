namespace ScaleSets.Abstractions;

/// <summary>The outcome of one health probe.</summary>
/// <param name="Healthy">Whether the instance answered as healthy.</param>
/// <param name="Detail">Why not, or what answered, for events and logs.</param>
public readonly record struct HealthProbeResult(bool Healthy, string? Detail);
