using System.Globalization;

namespace ScaleSets.Control;

/// <summary>
/// Rolling upgrades, as Azure's rolling upgrade policy: outdated instances are replaced in batches of
/// <see cref="RollingUpgradeOptions.MaxBatchInstancePercent"/> (new instances first with <see cref="RollingUpgradeOptions.MaxSurge"/>),
/// a batch starts only while unhealthy instances are within <see cref="RollingUpgradeOptions.MaxUnhealthyInstancePercent"/>,
/// and the upgrade stops when too many upgraded instances are unhealthy. Holds the upgrade's progress; <see cref="Plan"/>
/// only reads instances.
/// </summary>
internal sealed class UpgradePlanner
{
    private readonly RollingUpgradeOptions _options;
    private readonly int _maxInstances;
    private bool _batchInProgress;
    private bool _blockedReported;
    private DateTimeOffset _lastBatchEnd = DateTimeOffset.MinValue;

    public UpgradePlanner(RollingUpgradeOptions options, int maxInstances)
    {
        _options = options;
        _maxInstances = maxInstances;
    }

    public bool Active { get; private set; }

    /// <summary>Gets or sets the model version whose upgrade stopped (an automatic upgrade does not restart for it), or <see langword="null"/>.</summary>
    public string? StoppedVersion { get; set; }

    /// <summary>Gets the size of one upgrade batch for a set of <paramref name="size"/> instances.</summary>
    public int BatchSize(int size) => Math.Max(1, (int)Math.Ceiling(size * _options.MaxBatchInstancePercent / 100.0));

    /// <summary>Starts (or keeps going) an upgrade to the current model.</summary>
    public void Start()
    {
        StoppedVersion = null;
        if (!Active)
        {
            Active = true;
            _batchInProgress = false;
            _blockedReported = false;
            _lastBatchEnd = DateTimeOffset.MinValue;
        }
    }

    /// <summary>Plans this pass's step of the upgrade to <paramref name="version"/> into <paramref name="plan"/>.</summary>
    public void Plan(IReadOnlyCollection<TrackedInstance> instances, string version, int? desiredCapacity, string? cause, DateTimeOffset now, ControllerPlan plan)
    {
        if (!Active
            && _options.Mode == UpgradeMode.Automatic
            && !string.Equals(StoppedVersion, version, StringComparison.Ordinal)
            && instances.Any(t => !t.IsRemoving && !string.Equals(t.Info.ModelVersion, version, StringComparison.Ordinal)))
        {
            // Level-triggered: a controller restarted mid-upgrade, or instances adopted at an old model, resume the upgrade.
            Start();
        }

        if (!Active)
        {
            return;
        }

        var s = UpgradeCensus.Of(instances, version);
        var desired = desiredCapacity ?? s.InService;
        if (s.Upgraded > 0 && s.UpgradedUnhealthy * 100 > _options.MaxUnhealthyUpgradedInstancePercent * s.Upgraded)
        {
            Stop(s, version, cause, plan);
            return;
        }

        ReleaseSurged(s, desired, version, cause, plan);
        if (_batchInProgress)
        {
            if (s.UpgradeRemovals > 0 || s.SurgePending > 0 || s.InService < desired || !s.BatchSettled)
            {
                return;
            }

            _batchInProgress = false;
            _lastBatchEnd = now;
            plan.Emit(ControllerEventKind.UpgradeBatchCompleted, null, cause, string.Create(CultureInfo.InvariantCulture, $"upgrade batch to {version} completed; {s.Outdated.Count} instances left"));
        }

        if (s.Outdated.Count == 0)
        {
            if (s.UpgradeRemovals == 0)
            {
                Active = false;
                plan.Emit(ControllerEventKind.UpgradeCompleted, null, cause, $"every instance runs model {version}");
            }

            return;
        }

        // While a scale-in is due it takes outdated instances first; a batch now would replace (or, with surge, keep) instances about to go.
        if (now >= _lastBatchEnd + _options.PauseTimeBetweenBatches && s.UpgradeRemovals == 0 && s.InService <= desired)
        {
            StartBatch(s, desired, version, cause, plan);
        }
    }

    private void Stop(UpgradeCensus s, string version, string? cause, ControllerPlan plan)
    {
        Active = false;
        _batchInProgress = false;
        StoppedVersion = version;
        foreach (var t in s.Outdated)
        {
            plan.Set(PlanStepKind.ClearSurge, t);
        }

        plan.Emit(ControllerEventKind.UpgradeStopped, null, cause, string.Create(
            CultureInfo.InvariantCulture,
            $"rolling upgrade to {version} stopped: {s.UpgradedUnhealthy} of {s.Upgraded} upgraded instances are unhealthy ({Percent(s.UpgradedUnhealthy, s.Upgraded)}% > {_options.MaxUnhealthyUpgradedInstancePercent}%)"));
    }

    /// <summary>Surge: releases old instances as their replacements take traffic.</summary>
    private static void ReleaseSurged(UpgradeCensus s, int desired, string version, string? cause, ControllerPlan plan)
    {
        if (s.SurgePending == 0)
        {
            return;
        }

        var release = Math.Min(s.SurgePending, s.Ready - desired);
        foreach (var t in s.Outdated)
        {
            if (release <= 0)
            {
                break;
            }

            if (t.SurgeReplacePending)
            {
                plan.Set(PlanStepKind.ClearSurge, t);
                plan.Remove(t, InstanceRemovalReason.Upgrade, cause, $"replaced by a {version} instance");
                release--;
                s.SurgePending--;
                s.UpgradeRemovals++;
            }
        }
    }

    private void StartBatch(UpgradeCensus s, int desired, string version, string? cause, ControllerPlan plan)
    {
        var size = Math.Max(s.InService, desired);
        if (s.Unhealthy * 100 > _options.MaxUnhealthyInstancePercent * size)
        {
            if (!_blockedReported)
            {
                _blockedReported = true;
                plan.Emit(ControllerEventKind.UpgradeBlocked, null, cause, string.Create(
                    CultureInfo.InvariantCulture,
                    $"rolling upgrade waits: {s.Unhealthy} of {size} instances are unhealthy ({Percent(s.Unhealthy, size)}% > {_options.MaxUnhealthyInstancePercent}%)"));
            }

            return;
        }

        _blockedReported = false;
        var batch = BatchSize(size);
        var outdated = s.Outdated;
        outdated.Sort(_options.PrioritizeUnhealthyInstances
            ? (a, b) => a.Healthy != b.Healthy ? a.Healthy.CompareTo(b.Healthy) : a.Index.CompareTo(b.Index)
            : (a, b) => a.Index.CompareTo(b.Index));

        // Surge only within MaxInstances; the rest of the batch is removed before it is replaced.
        var surgeRoom = _options.MaxSurge ? Math.Max(0, _maxInstances - size) : 0;
        var taken = 0;
        foreach (var t in outdated)
        {
            if (taken == batch)
            {
                break;
            }

            if (surgeRoom > 0)
            {
                plan.Set(PlanStepKind.MarkSurge, t);
                surgeRoom--;
            }
            else
            {
                plan.Remove(t, InstanceRemovalReason.Upgrade, cause, $"rolling upgrade to {version}");
            }

            taken++;
        }

        _batchInProgress = true;
        plan.Emit(ControllerEventKind.UpgradeBatchStarted, null, cause, string.Create(
            CultureInfo.InvariantCulture,
            $"upgrade batch to {version}: {taken} of {outdated.Count} outdated instances{(_options.MaxSurge ? " (new instances first)" : string.Empty)}"));
    }

    private static int Percent(int part, int whole) => whole == 0 ? 0 : (int)Math.Ceiling(part * 100.0 / whole);
}
