using System.Globalization;
using ScaleSets.Model;

namespace ScaleSets.Control;

/// <summary>Options of a <see cref="ScaleSetController"/>. Validated when the controller is created; every problem is reported at once.</summary>
public sealed class ScaleSetControllerOptions
{
    /// <summary>The most instances a scale set may have (<see cref="ScaleCapacity.InstanceLimit"/>).</summary>
    public const int InstanceLimit = ScaleCapacity.InstanceLimit;

    /// <summary>Gets or sets the scale set's name; the provider records it on every instance.</summary>
    /// <value>Required; letters, digits, '-' and '_' only.</value>
    public string ScaleSetName { get; set; } = string.Empty;

    /// <summary>Gets or sets the load balancer backend pool, or <see langword="null"/> to use <see cref="ScaleSetName"/>.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? LoadBalancerPool { get; set; }

    /// <summary>Gets the zones or fault domains instances are spread over.</summary>
    /// <value>The default is the single zone <c>1</c>. At least one, no duplicates.</value>
    public IList<string> Zones { get; } = new List<string> { "1" };

    /// <summary>Gets or sets how strictly zones are balanced.</summary>
    /// <value>The default is <see cref="ZoneBalanceMode.BestEffort"/>.</value>
    public ZoneBalanceMode ZoneBalance { get; set; } = ZoneBalanceMode.BestEffort;

    /// <summary>Gets or sets how long a zone whose create failed as unavailable is avoided before it is tried again.</summary>
    /// <value>The default is five minutes. Allowed: 1 second to 1 hour.</value>
    public TimeSpan ZoneRetryInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets the most instances the set may have (desired capacity is capped at it).</summary>
    /// <value>The default is 1000. Allowed: 1 to 1000.</value>
    public int MaxInstances { get; set; } = InstanceLimit;

    /// <summary>Gets or sets how many provider, load balancer and probe calls run at once.</summary>
    /// <value>The default is 10. Allowed: 1 to 1000.</value>
    public int MaxConcurrentOperations { get; set; } = 10;

    /// <summary>
    /// Gets or sets how many instances one provider call (create, delete, start, restart, reimage) carries. With 1 the
    /// controller calls once per instance, <see cref="MaxConcurrentOperations"/> calls at a time: right for an adapter that
    /// acts on one VM per call (a Hyper-V host). A cloud API that takes a whole scale-out or scale-in in one request
    /// (a VM scale set's create or delete of many instances) is called with up to this many instances per call. Each
    /// instance still gets its own result: those that fail transiently are retried together, the others are done.
    /// </summary>
    /// <value>The default is 1. Allowed: 1 to <see cref="InstanceLimit"/>.</value>
    public int MaxBatchSize { get; set; } = 1;

    /// <summary>Gets or sets the pause between reconcile passes of <see cref="ScaleSetController.RunAsync"/>.</summary>
    /// <value>The default is 15 seconds. Allowed: 100 milliseconds to 1 hour.</value>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Gets or sets how long a draining instance may keep connections before it is removed from the pool anyway.</summary>
    /// <value>The default is five minutes. Allowed: 0 to 1 hour.</value>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets how long an instance counts as warming up after it turns healthy (AWS's instance warm-up).</summary>
    /// <value>The default is five minutes. Allowed: 0 to 1 hour.</value>
    public TimeSpan InstanceWarmup { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Gets or sets a value indicating whether an instance the provider reports as stopped (stopped or deallocated out of band,
    /// not by the controller, which never stops instances) is started again. Stopped instances count toward capacity either way,
    /// as in Azure scale sets; when this is <see langword="false"/> they stay stopped, as Azure leaves them for the user to start,
    /// and automatic repair replaces them after its grace period.
    /// </summary>
    /// <value>The default is <see langword="true"/>: a stopped instance serves nothing, so the controller starts it.</value>
    public bool StartStoppedInstances { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether scale-out creates extra instances, keeps the first that become healthy and deletes the rest.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool Overprovision { get; set; }

    /// <summary>Gets or sets how many extra instances overprovisioning creates, in percent of the scale-out (at least one).</summary>
    /// <value>The default is 20. Allowed: 1 to 100.</value>
    public int OverprovisionPercent { get; set; } = 20;

    /// <summary>Gets or sets how many times a transiently failed call is retried (with exponential backoff on the controller's clock).</summary>
    /// <value>The default is 3. Allowed: 0 to 10.</value>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>Gets or sets the first retry delay; each further retry doubles it.</summary>
    /// <value>The default is two seconds. Allowed: 0 to 5 minutes.</value>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets the scale-in policy.</summary>
    public ScaleInPolicy ScaleIn { get; } = new();

    /// <summary>Gets the automatic repair options.</summary>
    public AutomaticRepairOptions AutomaticRepairs { get; } = new();

    /// <summary>Gets the rolling upgrade options.</summary>
    public RollingUpgradeOptions RollingUpgrade { get; } = new();

    /// <summary>Gets the warm pool options (disabled by default).</summary>
    public WarmPoolOptions WarmPool { get; } = new();

    /// <summary>Gets the backend pool actually used.</summary>
    public string EffectivePool => string.IsNullOrEmpty(LoadBalancerPool) ? ScaleSetName : LoadBalancerPool;

    /// <summary>Returns every problem with these options, each naming the option.</summary>
    /// <returns>The problems; empty when the options are valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(ScaleSetName))
        {
            errors.Add("ScaleSetName: is required.");
        }
        else
        {
            foreach (var c in ScaleSetName)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
                {
                    errors.Add(string.Create(CultureInfo.InvariantCulture, $"ScaleSetName: '{ScaleSetName}' contains '{c}'; use letters, digits, '-' and '_'."));
                    break;
                }
            }
        }

        if (Zones.Count == 0)
        {
            errors.Add("Zones: at least one zone or fault domain is required.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Zones.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(Zones[i]))
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"Zones[{i}]: must not be empty."));
            }
            else if (!seen.Add(Zones[i]))
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"Zones[{i}]: '{Zones[i]}' is listed twice."));
            }
        }

        CheckRange(errors, nameof(MaxInstances), MaxInstances, 1, InstanceLimit);
        CheckRange(errors, nameof(MaxConcurrentOperations), MaxConcurrentOperations, 1, 1000);
        CheckRange(errors, nameof(MaxBatchSize), MaxBatchSize, 1, InstanceLimit);
        CheckRange(errors, nameof(OverprovisionPercent), OverprovisionPercent, 1, 100);
        CheckRange(errors, nameof(MaxRetryAttempts), MaxRetryAttempts, 0, 10);
        CheckRange(errors, nameof(ZoneRetryInterval), ZoneRetryInterval, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        CheckRange(errors, nameof(ReconcileInterval), ReconcileInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));
        CheckRange(errors, nameof(DrainTimeout), DrainTimeout, TimeSpan.Zero, TimeSpan.FromHours(1));
        CheckRange(errors, nameof(InstanceWarmup), InstanceWarmup, TimeSpan.Zero, TimeSpan.FromHours(1));
        CheckRange(errors, nameof(RetryBaseDelay), RetryBaseDelay, TimeSpan.Zero, TimeSpan.FromMinutes(5));
        CheckRange(errors, "ScaleIn.TerminateNotificationTimeout", ScaleIn.TerminateNotificationTimeout, TimeSpan.Zero, TimeSpan.FromHours(1));
        if (!Enum.IsDefined(ScaleIn.Rule))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"ScaleIn.Rule: {ScaleIn.Rule} is not a scale-in rule."));
        }

        if (!Enum.IsDefined(ZoneBalance))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"ZoneBalance: {ZoneBalance} is not a zone balance mode."));
        }

        CheckRange(errors, "AutomaticRepairs.GracePeriod", AutomaticRepairs.GracePeriod, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(90));
        CheckRange(errors, "AutomaticRepairs.MaxConsecutiveFailures", AutomaticRepairs.MaxConsecutiveFailures, 1, 100);
        if (!Enum.IsDefined(AutomaticRepairs.Action))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"AutomaticRepairs.Action: {AutomaticRepairs.Action} is not a repair action."));
        }

        CheckRange(errors, "RollingUpgrade.MaxBatchInstancePercent", RollingUpgrade.MaxBatchInstancePercent, 5, 100);
        CheckRange(errors, "RollingUpgrade.MaxUnhealthyInstancePercent", RollingUpgrade.MaxUnhealthyInstancePercent, 5, 100);
        CheckRange(errors, "RollingUpgrade.MaxUnhealthyUpgradedInstancePercent", RollingUpgrade.MaxUnhealthyUpgradedInstancePercent, 0, 100);
        CheckRange(errors, "RollingUpgrade.PauseTimeBetweenBatches", RollingUpgrade.PauseTimeBetweenBatches, TimeSpan.Zero, TimeSpan.FromHours(1));
        if (!Enum.IsDefined(RollingUpgrade.Mode))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"RollingUpgrade.Mode: {RollingUpgrade.Mode} is not an upgrade mode."));
        }

        WarmPool.Validate(errors);
        return errors;
    }

    /// <summary>Throws when the options are invalid.</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public void ThrowIfInvalid()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid scale set controller options:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
        }
    }

    private static void CheckRange(List<string> errors, string path, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{path}: {value} is outside {min} to {max}."));
        }
    }

    private static void CheckRange(List<string> errors, string path, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{path}: {value:c} is outside {min:c} to {max:c}."));
        }
    }
}
