namespace ScaleSets.Cli.Bench;

/// <summary>A silo killed abruptly, and how long its sets took to complete a pass on another silo.</summary>
/// <param name="Silo">The killed silo.</param>
/// <param name="Sets">How many sets it held.</param>
/// <param name="First">Time from the kill to the first of them completing a pass elsewhere.</param>
/// <param name="Median">Time to the median one.</param>
/// <param name="All">Time to the last one: every set of the dead silo acting again.</param>
internal sealed record BenchFailover(string Silo, int Sets, TimeSpan First, TimeSpan Median, TimeSpan All);
