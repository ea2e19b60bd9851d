namespace ScaleSets.State;

/// <summary>A value at a time: a load an evaluation saw.</summary>
/// <param name="Time">When.</param>
/// <param name="Value">The value.</param>
public readonly record struct TimedValue(DateTimeOffset Time, double Value);
