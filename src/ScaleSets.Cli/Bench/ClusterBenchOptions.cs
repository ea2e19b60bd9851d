namespace ScaleSets.Cli.Bench;

/// <summary>What <c>scalesets cluster-bench</c> measures: N silos in this process on PostgreSQL, many scale sets, rounds of one pass each, one silo killed.</summary>
internal sealed class ClusterBenchOptions
{
    /// <summary>Gets or sets how many silos run (one of them, not the one the bench calls through, is killed at the end).</summary>
    public int Silos { get; set; } = 3;

    /// <summary>Gets or sets how many scale sets the cluster runs.</summary>
    public int ScaleSets { get; set; } = 1000;

    /// <summary>Gets or sets the number of evaluation rounds: each runs one evaluation and one reconcile pass of every set, one virtual minute apart.</summary>
    public int Rounds { get; set; } = 3;

    /// <summary>Gets or sets how many grain calls the bench keeps in flight.</summary>
    public int Concurrency { get; set; } = 64;

    /// <summary>Gets or sets the share of sets whose capacity (1 or 2, a fixed-capacity setting) changes before each round.</summary>
    public double ChangeRate { get; set; } = 0.1;

    /// <summary>Gets or sets the seed of which sets change.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Gets or sets Orleans' probe timeout (<c>ClusterMembershipOptions.ProbeTimeout</c>) of the silos' failure detection.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets the PostgreSQL connection string of the cluster's membership, grain storage and reminders.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Returns every problem with the options, each naming its option.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Silos is < 2 or > 9)
        {
            errors.Add(FormattableString.Invariant($"--silos: {Silos} is outside 2 to 9."));
        }

        if (ScaleSets is < 1 or > 100_000)
        {
            errors.Add(FormattableString.Invariant($"--scale-sets: {ScaleSets} is outside 1 to 100000."));
        }

        if (Rounds is < 1 or > 1000)
        {
            errors.Add(FormattableString.Invariant($"--rounds: {Rounds} is outside 1 to 1000."));
        }

        if (Concurrency is < 1 or > 10_000)
        {
            errors.Add(FormattableString.Invariant($"--concurrency: {Concurrency} is outside 1 to 10000."));
        }

        if (!(ChangeRate >= 0 && ChangeRate <= 1))
        {
            errors.Add(FormattableString.Invariant($"--change-rate: {ChangeRate} is outside 0 to 1."));
        }

        if (ProbeTimeout < TimeSpan.FromMilliseconds(100) || ProbeTimeout > TimeSpan.FromMinutes(1))
        {
            errors.Add(FormattableString.Invariant($"--probe-timeout: {ProbeTimeout} is outside 100 ms to 1 minute."));
        }

        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            errors.Add("--postgres: a PostgreSQL connection string is required (the silos' membership, grain storage and reminders).");
        }

        return errors;
    }
}
