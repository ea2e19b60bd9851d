namespace ScaleSets.Simulation.Cloud;

/// <summary>How a <see cref="SimulatedCloud"/> behaves. Every random draw derives from <see cref="Seed"/>, so a run repeats exactly.</summary>
public sealed class SimulatedCloudOptions
{
    /// <summary>Gets or sets the seed of every random draw (boot times, failures).</summary>
    /// <value>The default is 1.</value>
    public int Seed { get; set; } = 1;

    /// <summary>Gets or sets how long a create call takes before it returns.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan CreateLatency { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long start, stop, restart, reimage and delete calls take.</summary>
    /// <value>The default is five seconds.</value>
    public TimeSpan OperationLatency { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets how long list calls take.</summary>
    /// <value>The default is zero.</value>
    public TimeSpan ListLatency { get; set; } = TimeSpan.Zero;

    /// <summary>Gets or sets how long load balancer calls take.</summary>
    /// <value>The default is zero.</value>
    public TimeSpan LoadBalancerLatency { get; set; } = TimeSpan.Zero;

    /// <summary>Gets or sets the shortest boot: the time from a create (or start, restart, reimage) returning to the instance being healthy with an address.</summary>
    /// <value>The default is two minutes.</value>
    public TimeSpan BootTime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets or sets the spread of boot times: each boot takes <see cref="BootTime"/> plus a uniform draw up to this.</summary>
    /// <value>The default is one minute.</value>
    public TimeSpan BootTimeSpread { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Gets or sets the shortest start of a stopped instance that booted before (a warm-pool instance, AWS warm pools'
    /// <c>Stopped</c> and Azure standby pools' <c>Deallocated</c> state): from the start call returning to the instance being
    /// healthy. It is shorter than <see cref="BootTime"/>, since the instance's first-boot initialization is done; an instance
    /// stopped before its first boot ended boots in full when started, and a restart or reimage takes <see cref="BootTime"/>.
    /// </summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan StartTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the spread of start times: each start takes <see cref="StartTime"/> plus a uniform draw up to this.</summary>
    /// <value>The default is 10 seconds.</value>
    public TimeSpan StartTimeSpread { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets the probability that a compute or load balancer call fails transiently (retrying may succeed).</summary>
    /// <value>The default is 0.</value>
    public double TransientFailureRate { get; set; }

    /// <summary>Gets or sets the probability that a mutating compute call fails permanently.</summary>
    /// <value>The default is 0.</value>
    public double PermanentFailureRate { get; set; }

    /// <summary>Gets or sets the probability that a create which reports a permanent failure made the instance anyway (a provider failing part-way).</summary>
    /// <value>The default is 0.</value>
    public double FailedCreateLeavesInstanceRate { get; set; }

    /// <summary>Gets or sets the probability that a list call fails transiently.</summary>
    /// <value>The default is 0.</value>
    public double ListFailureRate { get; set; }

    /// <summary>Gets or sets the probability that a boot ends unhealthy (a bad instance) instead of healthy.</summary>
    /// <value>The default is 0.</value>
    public double BootFailureRate { get; set; }

    /// <summary>Gets or sets the active connections of a ready pool member unless set with <see cref="SimulatedCloud.SetActiveConnections"/>.</summary>
    /// <value>The default is 10.</value>
    public int DefaultActiveConnections { get; set; } = 10;

    /// <summary>Gets or sets how long a draining member keeps its connections.</summary>
    /// <value>The default is 20 seconds.</value>
    public TimeSpan ConnectionDrainTime { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Throws when an option is out of range.</summary>
    /// <exception cref="ArgumentException">An option is invalid; the message names every one.</exception>
    public void ThrowIfInvalid()
    {
        var errors = new List<string>();
        CheckRate(errors, nameof(TransientFailureRate), TransientFailureRate);
        CheckRate(errors, nameof(PermanentFailureRate), PermanentFailureRate);
        CheckRate(errors, nameof(FailedCreateLeavesInstanceRate), FailedCreateLeavesInstanceRate);
        CheckRate(errors, nameof(ListFailureRate), ListFailureRate);
        CheckRate(errors, nameof(BootFailureRate), BootFailureRate);
        if (TransientFailureRate + PermanentFailureRate > 1)
        {
            errors.Add("TransientFailureRate + PermanentFailureRate: must not exceed 1.");
        }

        foreach (var (name, value) in new[]
        {
            (nameof(CreateLatency), CreateLatency), (nameof(OperationLatency), OperationLatency), (nameof(ListLatency), ListLatency),
            (nameof(LoadBalancerLatency), LoadBalancerLatency), (nameof(BootTime), BootTime), (nameof(BootTimeSpread), BootTimeSpread),
            (nameof(ConnectionDrainTime), ConnectionDrainTime), (nameof(StartTime), StartTime), (nameof(StartTimeSpread), StartTimeSpread),
        })
        {
            if (value < TimeSpan.Zero)
            {
                errors.Add($"{name}: must not be negative.");
            }
        }

        if (DefaultActiveConnections < 0)
        {
            errors.Add("DefaultActiveConnections: must not be negative.");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid simulated cloud options:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
        }
    }

    private static void CheckRate(List<string> errors, string name, double value)
    {
        if (!(value >= 0 && value <= 1))
        {
            errors.Add(FormattableString.Invariant($"{name}: {value} is outside 0 to 1."));
        }
    }
}
