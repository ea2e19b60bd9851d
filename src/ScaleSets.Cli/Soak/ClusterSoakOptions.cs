namespace ScaleSets.Cli.Soak;

/// <summary>What <c>scalesets soak --cluster N</c> runs: N Orleans silos on PostgreSQL, scale sets as grains, silos killed at random.</summary>
internal sealed class ClusterSoakOptions
{
    /// <summary>Gets or sets the seed of the run's random choices.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Gets or sets how many silos run at once (a killed one is replaced by a new one).</summary>
    public int Silos { get; set; } = 3;

    /// <summary>Gets or sets how many scale sets the cluster runs.</summary>
    public int ScaleSets { get; set; } = 3;

    /// <summary>Gets or sets the largest capacity the run asks of a set.</summary>
    public int Instances { get; set; } = 10;

    /// <summary>Gets or sets the number of steps: each advances virtual time by <see cref="StepInterval"/> and runs one pass of every set.</summary>
    public int Steps { get; set; } = 200;

    /// <summary>Gets or sets the virtual time between steps.</summary>
    public TimeSpan StepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the mean virtual time between two silo kills (the run draws each wait between half and one and a half of it).</summary>
    public TimeSpan KillSiloEvery { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets or sets the rate of injected instance faults (crashes, lost instances) per step.</summary>
    public double FaultRate { get; set; } = 0.05;

    /// <summary>Gets or sets the PostgreSQL connection string of the cluster's membership, grain storage and reminders.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Returns every problem with the options, each naming its option.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Silos is < 2 or > 9)
        {
            errors.Add(FormattableString.Invariant($"--cluster: {Silos} is outside 2 to 9 silos."));
        }

        if (ScaleSets is < 1 or > 50)
        {
            errors.Add(FormattableString.Invariant($"--scale-sets: {ScaleSets} is outside 1 to 50."));
        }

        if (Instances is < 1 or > 100)
        {
            errors.Add(FormattableString.Invariant($"--instances: {Instances} is outside 1 to 100 with --cluster."));
        }

        if (Steps is < 1 or > 100_000)
        {
            errors.Add(FormattableString.Invariant($"--steps: {Steps} is outside 1 to 100000."));
        }

        if (StepInterval <= TimeSpan.Zero)
        {
            errors.Add("StepInterval: must be positive.");
        }

        if (KillSiloEvery < StepInterval)
        {
            errors.Add(FormattableString.Invariant($"--kill-silo-every: {KillSiloEvery} is shorter than one step ({StepInterval})."));
        }

        if (!(FaultRate >= 0 && FaultRate <= 0.5))
        {
            errors.Add(FormattableString.Invariant($"--fault-rate: {FaultRate} is outside 0 to 0.5."));
        }

        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            errors.Add("--postgres: a PostgreSQL connection string is required with --cluster (the silos' membership, grain storage and reminders).");
        }

        return errors;
    }
}
