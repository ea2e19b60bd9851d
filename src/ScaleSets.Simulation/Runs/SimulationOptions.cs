using System.Globalization;
using ScaleSets.Model;
using ScaleSets.Simulation.Service;

namespace ScaleSets.Simulation.Runs;

/// <summary>How a simulation runs: the service model, the provisioning model and the random seed.</summary>
public sealed class SimulationOptions
{
    /// <summary>Gets or sets the requests per second one instance serves at 100% utilization, or <see langword="null"/> to size it from <see cref="PeakInstances"/>.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public double? InstanceCapacity { get; set; }

    /// <summary>Gets or sets how many instances the workload's peak needs when <see cref="InstanceCapacity"/> is not given.</summary>
    /// <value>The default is 50.</value>
    public int PeakInstances { get; set; } = 50;

    /// <summary>Gets or sets the utilization demand is sized for (and the target of the CPU-based policies).</summary>
    /// <value>The default is 0.7.</value>
    public double TargetUtilization { get; set; } = 0.7;

    /// <summary>Gets or sets the shortest boot time of an instance.</summary>
    /// <value>The default is five minutes.</value>
    public TimeSpan BootTime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets the spread of boot times: each boot takes <see cref="BootTime"/> plus a uniform draw up to this.</summary>
    /// <value>The default is one minute.</value>
    public TimeSpan BootTimeSpread { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets how long a create call takes before the boot starts.</summary>
    /// <value>The default is 30 seconds (the simulated cloud's default).</value>
    public TimeSpan CreateLatency { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long the scale set controller waits after one reconcile pass before the next.</summary>
    /// <value>The default is 15 seconds, the controller's own default (<see cref="Control.ScaleSetControllerOptions.ReconcileInterval"/>). Allowed: 1 second to 1 hour.</value>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Gets or sets the probability that a boot ends unhealthy; the controller's automatic repair replaces the instance after its grace period.</summary>
    /// <value>The default is 0.</value>
    public double BootFailureRate { get; set; }

    /// <summary>Gets or sets the standard deviation of the multiplicative noise on each instance's CPU sample.</summary>
    /// <value>The default is 0.05 (5%).</value>
    public double CpuNoise { get; set; } = 0.05;

    /// <summary>Gets or sets the mean response time above which a step violates the SLO, or <see langword="null"/> to count only utilization above 100%.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public TimeSpan? LatencySlo { get; set; }

    /// <summary>
    /// Gets or sets the SLO attainment target: the share of steps that must be within the SLO (at or under 100%
    /// utilization, and under <see cref="LatencySlo"/> when given). Policies that reach it are ranked by cost.
    /// </summary>
    /// <value>The default is 0.99 (99% of steps). Must be above 0 and at most 1.</value>
    public double SloTarget { get; set; } = 0.99;

    /// <summary>Gets or sets what a stopped warm-pool instance costs, as a share of a running one (its disks).</summary>
    /// <value>The default is 0.1. Must be 0 to 1.</value>
    public double StoppedCostRatio { get; set; } = 0.1;

    /// <summary>
    /// Gets or sets the size of the scale set's warm pool (<see cref="Control.WarmPoolOptions.MinSize"/>): instances created and
    /// booted beside the set, then stopped, that a scale-out starts in <see cref="StartTime"/> instead of creating and booting
    /// new ones; 0 for none. The SLO cost counts a stopped instance at <see cref="StoppedCostRatio"/>.
    /// </summary>
    /// <value>The default is 0. Allowed: 0 to 1000.</value>
    public int WarmPoolSize { get; set; }

    /// <summary>Gets or sets the shortest start of a stopped warm-pool instance (the simulated cloud adds up to 10 seconds of spread).</summary>
    /// <value>The default is 30 seconds. Allowed: 0 to 1 hour.</value>
    public TimeSpan StartTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the largest capacity any policy may reach.</summary>
    /// <value>The default is 1000, the engine's instance limit.</value>
    public int MaximumInstances { get; set; } = ScaleCapacity.InstanceLimit;

    /// <summary>Gets or sets the seed of every random draw (CPU noise, boot times, boot failures).</summary>
    /// <value>The default is 1.</value>
    public int Seed { get; set; } = 1;

    /// <summary>Gets or sets the policy elastic speedups are computed against, or <see langword="null"/> for none.</summary>
    /// <value>The default is <c>static-peak</c>.</value>
    public string? SpeedupBaseline { get; set; } = "static-peak";

    /// <summary>
    /// Gets or sets how often the simulated agents report metrics within a step longer than this: a trace replayed at a
    /// 15-minute or 1-hour step still shows the engine per-minute samples (the load held through the step), as a
    /// monitoring agent reports whatever the trace's resolution, so rules with windows shorter than the step see data.
    /// A step no longer than this reports once, at its start.
    /// </summary>
    /// <value>The default is 1 minute. Allowed: 1 second to 1 hour.</value>
    public TimeSpan MetricReportInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Gets the other names under which each instance's CPU is also reported, besides <see cref="SimulationMetricNames.Cpu"/>:
    /// for a setting file whose rules watch the CPU under a name of its own.
    /// </summary>
    /// <value>Empty by default.</value>
    public IList<string> CpuMetricAliases { get; } = [];

    /// <summary>
    /// Gets the other names under which the set's request rate is also reported, besides
    /// <see cref="SimulationMetricNames.RequestsPerSecond"/>: for a setting file whose rules watch the rate under a name of
    /// its own (<c>RequestsPerSecond</c>, a load balancer's metric).
    /// </summary>
    /// <value>Empty by default.</value>
    public IList<string> RequestRateMetricAliases { get; } = [];

    /// <summary>Throws when an option is out of range.</summary>
    /// <exception cref="ArgumentException">An option is invalid; the message names every one.</exception>
    public void ThrowIfInvalid()
    {
        var errors = new List<string>();
        if (InstanceCapacity is { } r && !(double.IsFinite(r) && r > 0))
        {
            errors.Add(Invariant($"instance capacity: {r} is not a positive number of requests per second"));
        }

        if (PeakInstances < 1 || PeakInstances > MaximumInstances)
        {
            errors.Add(Invariant($"peak instances: {PeakInstances} is outside 1 to {MaximumInstances}"));
        }

        if (!(TargetUtilization > 0 && TargetUtilization <= 1))
        {
            errors.Add(Invariant($"target utilization: {TargetUtilization} is outside (0, 1]"));
        }

        foreach (var (name, value) in new[] { ("boot time", BootTime), ("boot time spread", BootTimeSpread), ("create latency", CreateLatency) })
        {
            if (value < TimeSpan.Zero || value > TimeSpan.FromDays(1))
            {
                errors.Add(Invariant($"{name}: {value} is outside 0 to 1 day"));
            }
        }

        if (ReconcileInterval < TimeSpan.FromSeconds(1) || ReconcileInterval > TimeSpan.FromHours(1))
        {
            errors.Add(Invariant($"reconcile interval: {ReconcileInterval} is outside 1 second to 1 hour"));
        }

        if (!(BootFailureRate >= 0 && BootFailureRate < 1))
        {
            errors.Add(Invariant($"boot failure rate: {BootFailureRate} is outside [0, 1)"));
        }

        if (!(CpuNoise >= 0 && CpuNoise <= 1))
        {
            errors.Add(Invariant($"CPU noise: {CpuNoise} is outside 0 to 1"));
        }

        if (LatencySlo is { } slo && slo <= TimeSpan.Zero)
        {
            errors.Add(Invariant($"latency SLO: {slo} is not positive"));
        }

        if (!(SloTarget > 0 && SloTarget <= 1))
        {
            errors.Add(Invariant($"SLO attainment target: {SloTarget} is outside (0, 1]"));
        }

        if (!(StoppedCostRatio >= 0 && StoppedCostRatio <= 1))
        {
            errors.Add(Invariant($"stopped cost ratio: {StoppedCostRatio} is outside 0 to 1"));
        }

        if (WarmPoolSize < 0 || WarmPoolSize > 1000)
        {
            errors.Add(Invariant($"warm pool size: {WarmPoolSize} is outside 0 to 1000"));
        }

        if (StartTime < TimeSpan.Zero || StartTime > TimeSpan.FromHours(1))
        {
            errors.Add(Invariant($"start time: {StartTime} is outside 0 to 1 hour"));
        }

        if (MetricReportInterval < TimeSpan.FromSeconds(1) || MetricReportInterval > TimeSpan.FromHours(1))
        {
            errors.Add(Invariant($"metric report interval: {MetricReportInterval} is outside 1 second to 1 hour"));
        }

        if (MaximumInstances < 1 || MaximumInstances > ScaleCapacity.InstanceLimit)
        {
            errors.Add(Invariant($"maximum instances: {MaximumInstances} is outside 1 to {ScaleCapacity.InstanceLimit}"));
        }

        var names = new HashSet<string>([SimulationMetricNames.Cpu, SimulationMetricNames.RequestsPerSecond], StringComparer.OrdinalIgnoreCase);
        foreach (var (kind, aliases) in new[] { ("CPU", CpuMetricAliases), ("request rate", RequestRateMetricAliases) })
        {
            foreach (var alias in aliases)
            {
                if (string.IsNullOrWhiteSpace(alias))
                {
                    errors.Add($"{kind} metric alias: a name is empty");
                }
                else if (!names.Add(alias))
                {
                    errors.Add($"{kind} metric alias: '{alias}' already names a metric the simulation reports");
                }
            }
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
