using System.Globalization;
using ScaleSets.Abstractions;

namespace ScaleSets.Control;

/// <summary>
/// Keeps one scale set's real instances in line with its desired capacity and model through an <see cref="IComputeProvider"/>
/// and an <see cref="ILoadBalancer"/>, the way Azure scale sets manage their VMs: zone-balanced placement, load balancer
/// membership only while healthy, drain before removal, automatic repair, rolling upgrades and instance warm-up.
/// </summary>
/// <remarks>
/// The controller is level-triggered: every <see cref="ReconcileOnceAsync"/> pass lists what the provider and the load balancer
/// report, compares it with the desired state and acts; a controller created after a restart adopts what exists and finishes
/// (or rolls back) half-done work. Decisions that need waiting (boot, drain, grace periods, pauses) are re-evaluated each pass
/// against the injected <see cref="TimeProvider"/>. Passes must not overlap; <see cref="RunAsync"/> runs them on a timer.
/// Provider calls are issued one instance per call, up to <see cref="ScaleSetControllerOptions.MaxConcurrentOperations"/> at once,
/// so one slow or failing instance neither delays nor fails the others; transient failures are retried with Polly.
/// Events are delivered one at a time, in order, never while the controller's lock is held.
/// </remarks>
public sealed class ScaleSetController : IDisposable
{
    private readonly ScaleSetControllerOptions _options;
    private readonly TimeProvider _time;
    private readonly ControllerEventBuffer _buffer;
    private readonly ControllerGate _gate;
    private readonly InstanceTable _table;
    private readonly PassCounters _pass = new();
    private readonly ProviderCalls _calls;
    private readonly InstanceObserver _observer;
    private readonly HealthTracker _health;
    private readonly RepairPlanner _repairs;
    private readonly UpgradePlanner _upgrades;
    private readonly ZoneAvailability _zones;
    private readonly CapacityPlanner _capacity;
    private readonly PoolSync _poolSync;
    private readonly RemovalPipeline _removals;
    private readonly ComputeActions _actions;
    private readonly ControllerStatePersistence _state;
    private readonly ControllerLeaseKeeper _lease;
    private readonly WarmPool _warmPool;
    private readonly WarmPoolActions _warmPoolActions;

    private int? _desired;
    private string? _capacityCause;
    private ScaleSetModel _model;
    private string? _modelCause;
    private int _reconciling;

    /// <summary>Initializes a new instance of the <see cref="ScaleSetController"/> class.</summary>
    /// <param name="options">The options; validated here and not to be changed afterwards.</param>
    /// <param name="model">The model new instances are created from.</param>
    /// <param name="compute">The compute provider.</param>
    /// <param name="loadBalancer">The load balancer.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="healthProbe">An optional probe that must also pass for an instance to count as healthy.</param>
    /// <param name="warmupSink">Told which instances are warming up (usually the engine's scale set).</param>
    /// <param name="lifecycleHook">Optional user code run after creation and before deletion.</param>
    /// <param name="stateStore">
    /// Where the state a restart would otherwise lose is kept (a stopped upgrade, repair failures and suspension); without one,
    /// a restarted controller resumes a stopped upgrade in automatic mode and starts counting repair failures afresh.
    /// </param>
    /// <exception cref="ArgumentException">The options or the model are invalid; the message lists every problem.</exception>
    public ScaleSetController(
        ScaleSetControllerOptions options,
        ScaleSetModel model,
        IComputeProvider compute,
        ILoadBalancer loadBalancer,
        TimeProvider? timeProvider = null,
        IHealthProbe? healthProbe = null,
        IInstanceWarmupSink? warmupSink = null,
        IInstanceLifecycleHook? lifecycleHook = null,
        IControllerStateStore? stateStore = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(compute);
        ArgumentNullException.ThrowIfNull(loadBalancer);
        options.ThrowIfInvalid();
        ValidateModel(model, nameof(model));
        _options = options;
        _model = model;
        _time = timeProvider ?? TimeProvider.System;
        _buffer = new ControllerEventBuffer(warmupSink);
        _gate = new ControllerGate(_buffer, _time, options.ScaleSetName);
        _table = new InstanceTable(options.ScaleSetName);
        _calls = new ProviderCalls(options, compute, loadBalancer, _time, _gate, _pass);
        _observer = new InstanceObserver(_table, _gate);
        _health = new HealthTracker(_table, _gate, healthProbe, options.InstanceWarmup);
        _repairs = new RepairPlanner(options.AutomaticRepairs);
        _upgrades = new UpgradePlanner(options.RollingUpgrade, options.MaxInstances);
        _zones = new ZoneAvailability([.. options.Zones], options.ZoneRetryInterval);
        _capacity = new CapacityPlanner(options, _zones, _upgrades.BatchSize);
        _poolSync = new PoolSync(_gate, _calls, lifecycleHook);
        _warmPool = new WarmPool(options, _table, _gate, _zones);
        _warmPoolActions = new WarmPoolActions(_warmPool, _table, _gate, _calls, _pass, _zones, _time);
        _removals = new RemovalPipeline(options, _table, _gate, _calls, _pass, lifecycleHook, _warmPoolActions);
        _actions = new ComputeActions(_table, _gate, _calls, _pass, _repairs, _zones, _time);
        _state = new ControllerStatePersistence(stateStore, options.ScaleSetName, _table, _gate, _pass, _warmPool);
        _lease = new ControllerLeaseKeeper(stateStore, options.ScaleSetName, _gate, _pass);
    }

    /// <summary>Gets everything the controller does, as it happens. Events are delivered one at a time.</summary>
    public IObservable<ControllerEvent> Events => _buffer.Events;

    /// <summary>Gets the result of every reconcile pass, published when the pass ends (after the events it raised), one at a time.</summary>
    public IObservable<ReconcileResult> Passes => _buffer.Passes;

    /// <summary>Gets the desired capacity, or <see langword="null"/> before it is set (the first pass then adopts the current count).</summary>
    public int? DesiredCapacity
    {
        get
        {
            using (_gate.Enter())
            {
                return _desired;
            }
        }
    }

    /// <summary>Gets the current model.</summary>
    public ScaleSetModel Model
    {
        get
        {
            using (_gate.Enter())
            {
                return _model;
            }
        }
    }

    /// <summary>Gets a value indicating whether a rolling upgrade is under way.</summary>
    public bool IsUpgrading
    {
        get
        {
            using (_gate.Enter())
            {
                return _upgrades.Active;
            }
        }
    }

    /// <summary>Gets a value indicating whether automatic repairs are suspended after repeated failures.</summary>
    public bool RepairsSuspended
    {
        get
        {
            using (_gate.Enter())
            {
                return _repairs.Suspended;
            }
        }
    }

    /// <summary>Sets the desired capacity; the next passes converge to it.</summary>
    /// <param name="capacity">The instance count, 0 to <see cref="ScaleSetControllerOptions.MaxInstances"/>.</param>
    /// <param name="causeId">The decision that asked for it (for example the engine's decision id); carried by every event it causes.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is out of range.</exception>
    public void SetDesiredCapacity(int capacity, string? causeId)
    {
        if (capacity < 0 || capacity > _options.MaxInstances)
        {
            throw new ArgumentOutOfRangeException(
                nameof(capacity),
                capacity,
                string.Create(CultureInfo.InvariantCulture, $"Scale set '{_options.ScaleSetName}': desired capacity must be 0 to {_options.MaxInstances}."));
        }

        using (_gate.Enter())
        {
            var before = _desired;
            _desired = capacity;
            _capacityCause = causeId;
            Emit(ControllerEventKind.CapacityChanged, null, causeId, string.Create(CultureInfo.InvariantCulture, $"desired capacity {before?.ToString(CultureInfo.InvariantCulture) ?? "unset"} -> {capacity}"));
        }
    }

    /// <summary>Replaces the model. New instances use it at once; existing ones move to it by rolling upgrade (at once in automatic mode, on <see cref="StartRollingUpgrade"/> in manual mode).</summary>
    /// <param name="model">The new model; a changed model needs a new <see cref="ScaleSetModel.Version"/>.</param>
    /// <param name="causeId">The decision that changed it; carried by the upgrade's events.</param>
    /// <exception cref="ArgumentException">The model is invalid, or changed without a new version.</exception>
    public void UpdateModel(ScaleSetModel model, string? causeId)
    {
        ArgumentNullException.ThrowIfNull(model);
        ValidateModel(model, nameof(model));
        using (_gate.Enter())
        {
            if (string.Equals(model.Version, _model.Version, StringComparison.Ordinal))
            {
                if (model != _model)
                {
                    throw new ArgumentException($"Scale set '{_options.ScaleSetName}': the model changed but kept version '{model.Version}'; give a changed model a new version.", nameof(model));
                }

                return;
            }

            var before = _model.Version;
            _model = model;
            _modelCause = causeId;
            Emit(ControllerEventKind.ModelChanged, null, causeId, $"model {before} -> {model.Version}");
            if (_options.RollingUpgrade.Mode == UpgradeMode.Automatic)
            {
                _upgrades.Start();
            }
        }
    }

    /// <summary>Starts a rolling upgrade of every outdated instance to the current model (the manual upgrade mode's trigger).</summary>
    /// <param name="causeId">The decision that started it, or <see langword="null"/> to keep the model change's cause.</param>
    public void StartRollingUpgrade(string? causeId)
    {
        using (_gate.Enter())
        {
            if (causeId is not null)
            {
                _modelCause = causeId;
            }

            _upgrades.Start();
        }
    }

    /// <summary>Resumes automatic repairs after they were suspended.</summary>
    public void ResumeRepairs()
    {
        using (_gate.Enter())
        {
            if (_repairs.Resume())
            {
                Emit(ControllerEventKind.RepairsResumed, null, null, "automatic repairs resumed");
            }
        }
    }

    /// <summary>Returns the controller's view of every instance after its last pass.</summary>
    /// <returns>One status per known instance, ordered by instance id.</returns>
    public IReadOnlyList<InstanceStatus> GetInstances()
    {
        using (_gate.Enter())
        {
            var list = new List<InstanceStatus>(_table.Count);
            foreach (var t in _table.All)
            {
                list.Add(new InstanceStatus(t.Info, t.Healthy, t.Member?.State, t.Removal, t.IsRemoving ? t.RemovalCauseId : t.CauseId));
            }

            list.Sort((a, b) => string.CompareOrdinal(a.Instance.Id, b.Instance.Id));
            return list;
        }
    }

    /// <summary>How many events <see cref="GetStatus"/> keeps.</summary>
    public const int RecentEventCapacity = ControllerEventBuffer.RecentCapacity;

    /// <summary>Returns the controller's status: desired capacity, instances with their phase, counts by phase and zone, the latest pass and recent events.</summary>
    /// <returns>An immutable snapshot.</returns>
    public ControllerStatus GetStatus()
    {
        var now = _time.GetUtcNow();
        InstanceStatusEntry[] instances;
        int? desired;
        ScaleSetModel model;
        bool upgrading, suspended;
        WarmPoolStatus? pool = null;
        using (_gate.Enter())
        {
            if (_options.WarmPool.Enabled || _warmPool.All.Count > 0)
            {
                var state = _warmPool.State;
                pool = new WarmPoolStatus(
                    _warmPool.TargetSize,
                    _warmPool.All.Count(p => !p.IsRemoving && p.IsPrepared(state)),
                    _warmPool.All.Count(p => !p.IsRemoving && !p.IsPrepared(state)),
                    _warmPool.All.Count(p => p.IsRemoving),
                    [.. _warmPool.All.Select(p => p.Info).OrderBy(i => i.Id, StringComparer.Ordinal)]);
            }

            instances = [.. _table.All.Select(t => InstanceStatusEntry.Of(t, now)).OrderBy(i => i.Id, StringComparer.Ordinal)];
            desired = _desired;
            model = _model;
            upgrading = _upgrades.Active;
            suspended = _repairs.Suspended;
        }

        var (events, lastPass) = _buffer.Recent();
        return new ControllerStatus
        {
            Name = _options.ScaleSetName,
            Time = now,
            DesiredCapacity = desired,
            ModelVersion = model.Version,
            Upgrading = upgrading,
            RepairsSuspended = suspended,
            Instances = instances,
            Counts = InstancePhaseCounts.Count(instances),
            Zones = [.. instances.GroupBy(i => i.Zone, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new ZoneStatus(g.Key, InstancePhaseCounts.Count(g)))],
            WarmPool = pool,
            LastPass = lastPass,
            RecentEvents = events,
        };
    }

    /// <summary>Runs reconcile passes every <see cref="ScaleSetControllerOptions.ReconcileInterval"/> until cancelled. A failing pass is reported as an error event and the loop goes on.</summary>
    /// <param name="cancellationToken">Stops the loop.</param>
    /// <returns>A task that completes when the loop stops.</returns>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await ReconcileOnceAsync(cancellationToken).ConfigureAwait(false);
                await Task.Delay(_options.ReconcileInterval, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await _lease.ReleaseAsync().ConfigureAwait(false);
                return;
            }
#pragma warning disable CA1031 // The loop must survive anything a pass throws; it is reported.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                using (_gate.Enter())
                {
                    Emit(ControllerEventKind.Error, null, null, "reconcile pass failed: " + ex.Message);
                }

                await Task.Delay(_options.ReconcileInterval, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Runs one reconcile pass: observe the provider and the load balancer, decide, act, and return a summary.</summary>
    /// <param name="cancellationToken">Cancels the pass.</param>
    /// <returns>What the pass saw and did.</returns>
    /// <exception cref="InvalidOperationException">Another pass is running.</exception>
    public async Task<ReconcileResult> ReconcileOnceAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _reconciling, 1) == 1)
        {
            throw new InvalidOperationException($"Scale set '{_options.ScaleSetName}': a reconcile pass is already running.");
        }

        try
        {
            return await ReconcileCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _reconciling, 0);
        }
    }

    /// <summary>Completes <see cref="Events"/>; a second call does nothing.</summary>
    public void Dispose()
    {
        _buffer.Dispose();
    }

    private static void ValidateModel(ScaleSetModel model, string paramName)
    {
        if (string.IsNullOrWhiteSpace(model.Version))
        {
            throw new ArgumentException("ScaleSetModel.Version: is required.", paramName);
        }

        if (string.IsNullOrWhiteSpace(model.ImageReference))
        {
            throw new ArgumentException("ScaleSetModel.ImageReference: is required.", paramName);
        }
    }

    /// <summary>Gets the size of one upgrade batch for a set of <paramref name="size"/> instances.</summary>
    internal int BatchSize(int size) => _upgrades.BatchSize(size);

    /// <summary>One pass: observe, load state once, probe, plan (health, repairs, upgrade, capacity, starts), act, save.</summary>
    private async Task<ReconcileResult> ReconcileCoreAsync(CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        _pass.Reset();
        var (mayAct, takenOver) = await _lease.HoldAsync(ct).ConfigureAwait(false);
        if (!mayAct)
        {
            return Summarize(now);
        }

        if (takenOver)
        {
            // What the holder saved changed meanwhile: read it again now that this controller manages the set.
            _state.Reload();
        }

        if (!await ObserveAsync(now, ct).ConfigureAwait(false) || !await _state.LoadAsync(_repairs, _upgrades, now, ct).ConfigureAwait(false))
        {
            return Summarize(now);
        }

        await _health.ProbeAsync(_calls, ct).ConfigureAwait(false);
        var decided = Decide(now);
        if (decided.UpgradeRemovalStarted)
        {
            // Stored before anything acts: a controller after a restart resumes the batch instead of redoing it.
            await _state.SaveAsync(_repairs, _upgrades, ct).ConfigureAwait(false);
        }

        await _actions.RepairAsync(decided.Repairs, _options.AutomaticRepairs.Action == RepairAction.Reimage, Model, ct).ConfigureAwait(false);
        await _actions.StartAsync(decided.Starts, ct).ConfigureAwait(false);
        await _warmPoolActions.StartTakenAsync(decided.Pool, ct).ConfigureAwait(false);
        await _poolSync.SyncAsync(_table, () => _desired, ct).ConfigureAwait(false);
        await _removals.ProgressAsync(now, ct).ConfigureAwait(false);
        await _actions.CreateAsync(decided.Creates, () => _desired, ct).ConfigureAwait(false);

        // The pool is kept after the set's own work: refills never delay a scale-out.
        await _warmPoolActions.MaintainAsync(decided.Pool, decided.RefillNames, Model, ct).ConfigureAwait(false);
        if (_warmPoolActions.CreateFailed)
        {
            // As for the set's creates: a refill that failed may have made the instance; it joins the pool now.
            await ObserveAsync(_time.GetUtcNow(), ct).ConfigureAwait(false);
        }
        if (_pass.CreateFailed)
        {
            // A create may fail after the provider made the instance; adopt it now rather than leave it unknown until the next pass.
            await ObserveAsync(_time.GetUtcNow(), ct).ConfigureAwait(false);
        }

        if (_pass.ZoneUnavailable && _options.ZoneBalance == ZoneBalanceMode.Strict)
        {
            using (_gate.Enter())
            {
                StrictZoneRollback.Plan(_zones.Zones, _table.All, [.. decided.Creates.Select(c => (c.Request.InstanceName, c.Cause))]).Apply(_gate);
            }
        }

        await _state.SaveAsync(_repairs, _upgrades, ct).ConfigureAwait(false);
        return Summarize(now);
    }

    /// <summary>Runs the planners in order under the gate, applying each plan before the next planner reads the instances.</summary>
    private (List<TrackedInstance> Repairs, List<TrackedInstance> Starts, List<(InstanceCreateRequest Request, string? Cause)> Creates, WarmPoolPlan Pool, string[] RefillNames, bool UpgradeRemovalStarted) Decide(DateTimeOffset now)
    {
        using (_gate.Enter())
        {
            _health.Update(now, _repairs);
            var plan = new ControllerPlan();
            var repairs = _repairs.Plan(_table.All, now, plan, _table.Counts);
            plan.Apply(_gate);
            plan = new ControllerPlan();
            _upgrades.Plan(_table.All, _model.Version, _desired, _modelCause, now, plan);
            var upgradeRemovalStarted = plan.Steps.Any(s => s.Kind == PlanStepKind.Remove);
            plan.Apply(_gate);
            var capacity = _capacity.Plan(_table.All, _table.Counts, _desired, _capacityCause, _model.Version, now);
            if (capacity.AdoptedDesired is { } adopted)
            {
                _desired = adopted;
                _capacityCause = CapacityPlanner.AdoptedCause;
            }

            _pass.PlacementBlocked = capacity.PlacementBlocked;
            capacity.Steps.Apply(_gate);

            // The warm pool's prepared instances replace creates of the scale-out; its own creates refill it.
            var pool = _warmPool.Plan(capacity, _desired ?? 0, _model.Version, _repairs, now);
            var names = _table.AllocateNames(capacity.CreateZones.Count + pool.RefillZones.Count);
            var creates = capacity.CreateRequests(names[..capacity.CreateZones.Count], _options.ScaleSetName, _model);

            // Stopped instances in service (scale-in and repair decided first, so none about to go) and not being repaired;
            // the warm pool starts those it gave.
            var taken = pool.Takes.Count == 0 ? null : new HashSet<string>(pool.Takes.Select(t => t.Instance.Id), StringComparer.Ordinal);
            var starts = _options.StartStoppedInstances && _table.Counts.StoppedInService > 0
                ? [.. _table.All.Where(t => t.Info.State == InstanceState.Stopped && !t.IsRemoving && !repairs.Contains(t) && taken?.Contains(t.Id) != true)]
                : new List<TrackedInstance>();
            return (repairs, starts, creates, pool, names[capacity.CreateZones.Count..], upgradeRemovalStarted);
        }
    }

    private async Task<bool> ObserveAsync(DateTimeOffset now, CancellationToken ct)
    {
        IReadOnlyList<InstanceInfo> instances;
        IReadOnlyList<LoadBalancerMember> members;
        try
        {
            (instances, members) = await _calls.ListAsync(ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            using (_gate.Enter())
            {
                _pass.Failures++;
                Emit(ControllerEventKind.Error, null, null, "listing instances or pool members failed; nothing changed this pass: " + ex.Message);
            }

            return false;
        }

        List<LoadBalancerMember>? orphans;
        using (_gate.Enter())
        {
            (var lost, orphans) = _observer.Apply(_warmPool.Observe(instances, now), members, now);
            if (lost is not null)
            {
                _repairs.OutcomesLost(lost.Count(t => t.RepairPending));
            }
        }

        if (orphans is not null)
        {
            await _poolSync.RemoveOrphansAsync(orphans, ct).ConfigureAwait(false);
        }

        return true;
    }

    private ReconcileResult Summarize(DateTimeOffset now)
    {
        using (_gate.Enter())
        {
            var result = PassSummary.Calculate(now, _table.Counts, _desired, _model.Version, () => _capacity.RebalancePending(_table.All, now), _pass);
            if (_warmPool.All.Count > 0)
            {
                result = result with { WarmPool = _warmPool.All.Count, WarmPoolPrepared = _warmPool.All.Count(p => !p.IsRemoving && p.IsPrepared(_warmPool.State)) };
            }

            _gate.Publish(result);
            return result;
        }
    }

    private void Emit(ControllerEventKind kind, string? instanceId, string? cause, string message) => _gate.Emit(kind, instanceId, cause, message);
}
