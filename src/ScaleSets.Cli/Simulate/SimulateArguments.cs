namespace ScaleSets.Cli.Simulate;

/// <summary>The arguments of <c>scalesets simulate</c>, parsed and checked for form (files are read by the run).</summary>
internal sealed record SimulateArguments
{
    public string? TracePath { get; init; }

    public string? LogPath { get; init; }

    public string? Synthetic { get; init; }

    public string ValueColumn { get; init; } = "value";

    public string TimestampColumn { get; init; } = "timestamp";

    public bool PerSecond { get; init; }

    public TimeSpan Step { get; init; } = TimeSpan.FromMinutes(1);

    public double? InstanceCapacity { get; init; }

    public int PeakInstances { get; init; } = 50;

    public double TargetUtilization { get; init; } = 0.7;

    public TimeSpan BootTime { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan BootTimeSpread { get; init; } = TimeSpan.FromMinutes(1);

    public IReadOnlyList<string> Policies { get; init; } = [];

    public int Seed { get; init; } = 1;

    public string? ReportPath { get; init; }

    public string? ChartPath { get; init; }

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    public TimeSpan? LatencySlo { get; init; }

    /// <summary>Gets the SLO attainment target, 0 to 1.</summary>
    public double SloTarget { get; init; } = 0.99;

    /// <summary>Gets what a stopped warm-pool instance costs as a share of a running one.</summary>
    public double StoppedCostRatio { get; init; } = 0.1;

    /// <summary>Gets the warm pool's size (--warm-pool), 0 for none.</summary>
    public int WarmPoolSize { get; init; }

    /// <summary>Gets the start time of a stopped warm-pool instance (--start-time).</summary>
    public TimeSpan StartTime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets the names given by --cpu-metric.</summary>
    public IReadOnlyList<string> CpuMetricAliases { get; init; } = [];

    /// <summary>Gets the names given by --request-metric.</summary>
    public IReadOnlyList<string> RequestRateMetricAliases { get; init; } = [];

    /// <summary>Gets whether --sweep runs each policy family over its knob instead of --policies, and draws the cost–SLO frontier.</summary>
    public bool Sweep { get; init; }

    /// <summary>Gets the policy named by --baseline; <see langword="null"/> for static-peak, when it runs.</summary>
    public string? Baseline { get; init; }
}
