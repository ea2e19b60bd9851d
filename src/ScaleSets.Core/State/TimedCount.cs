namespace ScaleSets.State;

/// <summary>A count at a time: a recommendation, a capacity change, or a batch of booting instances.</summary>
/// <param name="Time">When.</param>
/// <param name="Count">How many (a recommended capacity, a signed change, a number of instances).</param>
public readonly record struct TimedCount(DateTimeOffset Time, int Count);
