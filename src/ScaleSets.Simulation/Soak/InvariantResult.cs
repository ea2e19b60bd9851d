namespace ScaleSets.Simulation.Soak;

/// <summary>How one invariant fared over a soak run.</summary>
/// <param name="Name">The invariant.</param>
/// <param name="Description">What it checks.</param>
/// <param name="Checks">How many times it was checked.</param>
/// <param name="Violations">How many checks failed.</param>
/// <param name="FirstViolation">The first failure, with its step, or <see langword="null"/>.</param>
public sealed record InvariantResult(string Name, string Description, long Checks, long Violations, string? FirstViolation);
