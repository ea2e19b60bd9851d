namespace ScaleSets.State;

/// <summary>One time grain of a series: what its samples add up to.</summary>
/// <param name="Index">The grain's index: the UTC ticks of its start divided by the grain's ticks.</param>
/// <param name="Count">The number of samples.</param>
/// <param name="Sum">Their sum.</param>
/// <param name="Min">The smallest.</param>
/// <param name="Max">The largest.</param>
/// <param name="Last">The value with the latest timestamp.</param>
/// <param name="LastTicks">That timestamp's UTC ticks.</param>
public readonly record struct GrainSnapshot(long Index, long Count, double Sum, double Min, double Max, double Last, long LastTicks);
