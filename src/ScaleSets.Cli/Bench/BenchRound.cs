namespace ScaleSets.Cli.Bench;

/// <summary>One round: one evaluation and one reconcile pass of every set.</summary>
/// <param name="Wall">Wall time of the round.</param>
/// <param name="Cpu">This process's CPU time during the round (every silo and the bench).</param>
internal sealed record BenchRound(TimeSpan Wall, TimeSpan Cpu);
