namespace ScaleSets.Prediction;

/// <summary>A lasting change of level found in a series.</summary>
/// <param name="Index">The first grain at the new level.</param>
/// <param name="Before">The robust level of the seasonally adjusted series before the shift.</param>
/// <param name="After">The robust level after it.</param>
internal readonly record struct LevelShift(int Index, double Before, double After);
