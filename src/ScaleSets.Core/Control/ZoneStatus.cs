namespace ScaleSets.Control;

/// <summary>The instances of one zone by phase.</summary>
/// <param name="Zone">The zone.</param>
/// <param name="Instances">Its instances by phase.</param>
public sealed record ZoneStatus(string Zone, InstancePhaseCounts Instances);
