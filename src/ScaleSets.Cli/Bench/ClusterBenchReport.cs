namespace ScaleSets.Cli.Bench;

/// <summary>What a cluster bench measured.</summary>
/// <param name="Options">The run's options.</param>
/// <param name="Define">Wall time to define every set (concurrently, <see cref="ClusterBenchOptions.Concurrency"/> in flight).</param>
/// <param name="Rounds">Each round's wall and CPU time.</param>
/// <param name="SetsPerSilo">How many sets each silo held in the last round, most first.</param>
/// <param name="Decisions">Capacity-changing decisions made in the rounds.</param>
/// <param name="Latencies">Wall time from each such decision to the provider call it caused, in milliseconds.</param>
/// <param name="Unanswered">Decisions that caused no call by the end of the rounds.</param>
/// <param name="Failover">The failover measured, or null when the killed silo held no set.</param>
internal sealed record ClusterBenchReport(
    ClusterBenchOptions Options,
    TimeSpan Define,
    IReadOnlyList<BenchRound> Rounds,
    IReadOnlyList<int> SetsPerSilo,
    long Decisions,
    IReadOnlyList<double> Latencies,
    int Unanswered,
    BenchFailover? Failover);
