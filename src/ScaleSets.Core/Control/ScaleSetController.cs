using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Reactive.Subjects;
using Polly;
using Polly.Retry;
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
/// </remarks>
public sealed class ScaleSetController : IDisposable
{
    private const string RebalanceCause = "zone-rebalance";

    private readonly ScaleSetControllerOptions _options;
    private readonly IComputeProvider _compute;
    private readonly ILoadBalancer _loadBalancer;
    private readonly TimeProvider _time;
    private readonly IHealthProbe? _probe;
    private readonly IInstanceWarmupSink? _warmup;
    private readonly IInstanceLifecycleHook? _hook;
    private readonly IControllerStateStore? _stateStore;
    private readonly ResiliencePipeline _retry;
    private readonly Subject<ControllerEvent> _events = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TrackedInstance> _tracked = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _zoneBlockedUntil = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RemovalProgress> _restoredRemovals = new(StringComparer.Ordinal);
    private List<TrackedInstance?> _memberOwners = [];
    private List<TrackedInstance?> _lastMemberOwners = [];
    private List<TrackedInstance?> _listed = [];
    private List<TrackedInstance?> _lastListed = [];
    private readonly Dictionary<string, LoadBalancerMember> _untrackedMembers = new(StringComparer.Ordinal);

    // Scratch collections a pass fills and empties again (passes never overlap): allocating them afresh each pass, sized to
    // the instance count, was a good part of the garbage a simulated month made.
    private readonly List<TrackedInstance> _inService = [];
    private readonly Dictionary<string, int> _zoneCounts = new(StringComparer.Ordinal);
    private readonly List<TrackedInstance> _scratch = [];
    private readonly HashSet<int> _usedIndexes = [];
    private readonly string[] _zones;
    private readonly string _namePrefix;

    private int? _desired;
    private string? _capacityCause;
    private ScaleSetModel _model;
    private string? _modelCause;
    private bool _upgradeActive;
    private string? _stoppedUpgradeVersion;
    private bool _batchInProgress;
    private bool _upgradeBlockedReported;
    private DateTimeOffset _lastBatchEnd = DateTimeOffset.MinValue;
    private bool _repairsSuspended;
    private int _consecutiveRepairFailures;
    private int _repairCounter;
    private int _pendingRepairReplacements;
    private int _nextIndex;
    private int _reconciling;
    private long _observation;
    private string? _lastBlockedReason;
    private int _passCreated;
    private int _passDeleted;
    private int _passFailures;
    private bool _passCreateFailed;
    private bool _passZoneUnavailable;
    private bool _stateLoaded;
    private readonly string _leaseHolder = string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}/pid {Environment.ProcessId}/{Guid.NewGuid():N}");
    private string? _leaseHeldBy;
    private ControllerState? _savedState;

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
        _compute = compute;
        _loadBalancer = loadBalancer;
        _time = timeProvider ?? TimeProvider.System;
        _probe = healthProbe;
        _warmup = warmupSink;
        _hook = lifecycleHook;
        _stateStore = stateStore;
        _zones = [.. options.Zones];
        _namePrefix = options.ScaleSetName + "_";
        var builder = new ResiliencePipelineBuilder { TimeProvider = _time };
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<ProviderOperationException>(e => e.IsTransient),
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
            });
        }

        _retry = builder.Build();
    }

    /// <summary>Gets everything the controller does, as it happens. Events are delivered one at a time.</summary>
    public IObservable<ControllerEvent> Events => _events;

    /// <summary>Gets the desired capacity, or <see langword="null"/> before it is set (the first pass then adopts the current count).</summary>
    public int? DesiredCapacity
    {
        get
        {
            lock (_gate)
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
            lock (_gate)
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
            lock (_gate)
            {
                return _upgradeActive;
            }
        }
    }

    /// <summary>Gets a value indicating whether automatic repairs are suspended after repeated failures.</summary>
    public bool RepairsSuspended
    {
        get
        {
            lock (_gate)
            {
                return _repairsSuspended;
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

        lock (_gate)
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
        lock (_gate)
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
                StartUpgradeLocked();
            }
        }
    }

    /// <summary>Starts a rolling upgrade of every outdated instance to the current model (the manual upgrade mode's trigger).</summary>
    /// <param name="causeId">The decision that started it, or <see langword="null"/> to keep the model change's cause.</param>
    public void StartRollingUpgrade(string? causeId)
    {
        lock (_gate)
        {
            if (causeId is not null)
            {
                _modelCause = causeId;
            }

            StartUpgradeLocked();
        }
    }

    /// <summary>Resumes automatic repairs after they were suspended.</summary>
    public void ResumeRepairs()
    {
        lock (_gate)
        {
            if (_repairsSuspended)
            {
                _repairsSuspended = false;
                _consecutiveRepairFailures = 0;
                Emit(ControllerEventKind.RepairsResumed, null, null, "automatic repairs resumed");
            }
        }
    }

    /// <summary>Returns the controller's view of every instance after its last pass.</summary>
    /// <returns>One status per known instance, ordered by instance id.</returns>
    public IReadOnlyList<InstanceStatus> GetInstances()
    {
        lock (_gate)
        {
            var list = new List<InstanceStatus>(_tracked.Count);
            foreach (var t in _tracked.Values)
            {
                list.Add(new InstanceStatus(t.Info, t.Healthy, t.Member?.State, t.Removal, t.IsRemoving ? t.RemovalCauseId : t.CauseId));
            }

            list.Sort((a, b) => string.CompareOrdinal(a.Instance.Id, b.Instance.Id));
            return list;
        }
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
                await ReleaseLeaseAsync().ConfigureAwait(false);
                return;
            }
#pragma warning disable CA1031 // The loop must survive anything a pass throws; it is reported.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                lock (_gate)
                {
                    Emit(ControllerEventKind.Error, null, null, "reconcile pass failed: " + ex.Message);
                }

                await Task.Delay(_options.ReconcileInterval, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Gives the lease up when the loop stops, so a standby controller takes over at once instead of at its expiry.</summary>
    private async Task ReleaseLeaseAsync()
    {
        if (_stateStore is not IControllerLeaseStore leases)
        {
            return;
        }

        try
        {
            await leases.ReleaseAsync(_options.ScaleSetName, _leaseHolder, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Stopping must not fail over the lease; it then expires on its own.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            lock (_gate)
            {
                Emit(ControllerEventKind.Error, null, null, "releasing the scale set's lease failed; it expires on its own: " + ex.Message);
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

    /// <summary>Completes <see cref="Events"/>.</summary>
    public void Dispose()
    {
        _events.OnCompleted();
        _events.Dispose();
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

    private static int Percent(int part, int whole) => whole == 0 ? 0 : (int)Math.Ceiling(part * 100.0 / whole);

    private static bool IsBroken(TrackedInstance t) =>
        !t.Healthy && (t.EverHealthy || t.Info.Health == InstanceHealth.Unhealthy || t.Info.State is InstanceState.Failed or InstanceState.Stopped);

    private async Task<ReconcileResult> ReconcileCoreAsync(CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        _passCreated = 0;
        _passDeleted = 0;
        _passFailures = 0;
        _passCreateFailed = false;
        _passZoneUnavailable = false;

        if (!await HoldLeaseAsync(ct).ConfigureAwait(false))
        {
            return Summarize(now);
        }

        if (!await ObserveAsync(now, ct).ConfigureAwait(false))
        {
            return Summarize(now);
        }

        if (!await LoadStateAsync(ct).ConfigureAwait(false))
        {
            return Summarize(now);
        }

        await ProbeAsync(ct).ConfigureAwait(false);
        List<(InstanceCreateRequest Request, string? Cause)> creates;
        List<TrackedInstance> restarts;
        List<TrackedInstance> starts;
        lock (_gate)
        {
            UpdateHealth(now);
            restarts = DecideRepairs(now);
            DecideUpgrade(now);
            creates = DecideCapacity(now);
            starts = DecideStarts(restarts);
        }

        await RunRepairCallsAsync(restarts, ct).ConfigureAwait(false);
        await StartStoppedAsync(starts, ct).ConfigureAwait(false);
        await SyncPoolAsync(ct).ConfigureAwait(false);
        await ProgressRemovalsAsync(now, ct).ConfigureAwait(false);
        await CreateAsync(creates, ct).ConfigureAwait(false);

        if (_passCreateFailed)
        {
            // A create may fail after the provider made the instance; adopt it now rather than leave it unknown until the next pass.
            await ObserveAsync(_time.GetUtcNow(), ct).ConfigureAwait(false);
        }

        if (_passZoneUnavailable && _options.ZoneBalance == ZoneBalanceMode.Strict)
        {
            lock (_gate)
            {
                RollBackStrictWave(creates);
            }
        }

        await SaveStateAsync(ct).ConfigureAwait(false);
        return Summarize(now);
    }

    /// <summary>Takes or renews the scale set's lease when the store gives sets an owner; returns false when this controller must not act.</summary>
    private async Task<bool> HoldLeaseAsync(CancellationToken ct)
    {
        if (_stateStore is not IControllerLeaseStore leases)
        {
            return true;
        }

        ControllerLease lease;
        try
        {
            lease = await leases.AcquireAsync(_options.ScaleSetName, _leaseHolder, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            lock (_gate)
            {
                _passFailures++;
                Emit(ControllerEventKind.Error, null, null, "taking the scale set's lease failed; nothing changed this pass, since another controller may hold it: " + ex.Message);
            }

            return false;
        }

        lock (_gate)
        {
            if (lease.Acquired)
            {
                if (_leaseHeldBy is not null)
                {
                    Emit(ControllerEventKind.LeaseAcquired, null, null, $"this controller ({_leaseHolder}) took the lease of scale set '{_options.ScaleSetName}' from {_leaseHeldBy} and manages it from now on");
                    _leaseHeldBy = null;
                }

                return true;
            }

            // What the holder saves changes meanwhile: read it again when this controller takes over.
            _stateLoaded = false;
            if (!string.Equals(_leaseHeldBy, lease.Holder, StringComparison.Ordinal))
            {
                _leaseHeldBy = lease.Holder;
                Emit(ControllerEventKind.LeaseHeldElsewhere, null, null, string.Create(CultureInfo.InvariantCulture, $"scale set '{_options.ScaleSetName}' is managed by {lease.Holder} (lease until {lease.ExpiresAt:yyyy-MM-ddTHH:mm:ssZ}); this controller ({_leaseHolder}) does not act, and takes over if the lease expires"));
            }

            return false;
        }
    }

    /// <summary>Loads the saved state once, before the first pass decides anything; returns false when the pass must not act.</summary>
    private async Task<bool> LoadStateAsync(CancellationToken ct)
    {
        if (_stateLoaded || _stateStore is null)
        {
            return true;
        }

        ControllerState? state;
        var problems = new List<string>();
        try
        {
            // Every field is untrusted (a file anyone can edit, a row): made safe here whatever the store.
            state = (await _stateStore.LoadAsync(_options.ScaleSetName, ct).ConfigureAwait(false))?.Sanitized(problems);
        }
        catch (ControllerStateUnreadableException unreadable)
        {
            // The state only holds extras; the set is managed level-triggered from what the provider and the load balancer report.
            state = null;
            problems.Add(unreadable.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            lock (_gate)
            {
                _passFailures++;
                Emit(ControllerEventKind.Error, null, null, "loading the controller state failed; nothing changed this pass: " + ex.Message);
            }

            return false;
        }

        lock (_gate)
        {
            _stateLoaded = true;
            _savedState = state;
            if (problems.Count > 0)
            {
                _passFailures++;
                Emit(ControllerEventKind.Error, null, null, "the saved controller state was not usable as it was: " + string.Join("; ", problems));
            }

            if (state is null)
            {
                return true;
            }

            _stoppedUpgradeVersion = state.StoppedUpgradeVersion;
            _repairsSuspended = state.RepairsSuspended;
            _consecutiveRepairFailures = state.ConsecutiveRepairFailures;
            var pending = 0;
            foreach (var id in state.RepairPendingInstanceIds)
            {
                if (_tracked.TryGetValue(id, out var t) && !t.Healthy)
                {
                    t.RepairPending = true;
                    pending++;
                }
            }

            // The repair grace period runs from when the controller before this one saw the instance turn unhealthy.
            foreach (var unhealthy in state.Unhealthy ?? [])
            {
                if (_tracked.TryGetValue(unhealthy.InstanceId, out var t) && !t.Healthy && t.NotHealthySince > unhealthy.Since)
                {
                    t.NotHealthySince = unhealthy.Since;
                }
            }

            // Applied when this controller removes the same instance (MarkRemoval); dropped when it puts the instance back in service.
            foreach (var removal in state.Removals ?? [])
            {
                if (_tracked.ContainsKey(removal.InstanceId))
                {
                    _restoredRemovals[removal.InstanceId] = removal;
                }
            }

            Emit(ControllerEventKind.StateRestored, null, null, string.Create(
                CultureInfo.InvariantCulture,
                $"restored state: stopped upgrade {state.StoppedUpgradeVersion ?? "none"}, repairs {(state.RepairsSuspended ? "suspended" : "active")}, {state.ConsecutiveRepairFailures} failed repairs in a row, {pending} repairs awaiting their outcome, {_restoredRemovals.Count} removals under way"));
        }

        return true;
    }

    private async Task SaveStateAsync(CancellationToken ct)
    {
        if (_stateStore is null || !_stateLoaded)
        {
            return;
        }

        try
        {
            await SaveChangedStateAsync(ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            lock (_gate)
            {
                _passFailures++;
                Emit(ControllerEventKind.Error, null, null, "saving the controller state failed; retried next pass: " + ex.Message);
            }
        }
    }

    private async Task SaveChangedStateAsync(CancellationToken ct)
    {
        ControllerState state;
        lock (_gate)
        {
            state = new ControllerState(
                _stoppedUpgradeVersion,
                _repairsSuspended,
                _consecutiveRepairFailures,
                [.. _tracked.Values.Where(t => t.RepairPending).Select(t => t.Id).Order(StringComparer.Ordinal)])
            {
                Removals = RemovalsToSave(),
                Unhealthy = [.. _tracked.Values.Where(t => !t.IsRemoving && t.NotHealthySince is not null).Select(t => new UnhealthyInstance(t.Id, t.NotHealthySince!.Value))],
            };
            if (state.SameAs(_savedState))
            {
                return;
            }
        }

        await _stateStore!.SaveAsync(_options.ScaleSetName, state, ct).ConfigureAwait(false);
        lock (_gate)
        {
            _savedState = state;
        }
    }

    /// <summary>The progress of every removal under way, and restored progress this controller has not yet acted on.</summary>
    private List<RemovalProgress> RemovalsToSave()
    {
        var removals = new List<RemovalProgress>();
        foreach (var t in _tracked.Values)
        {
            if (t.IsRemoving && (t.DrainStartedAt is not null || t.TerminateNotBefore is not null))
            {
                removals.Add(new RemovalProgress(t.Id, t.DrainStartedAt, t.TerminateNotBefore, t.TerminateApproved));
            }
            else if (!t.IsRemoving && _restoredRemovals.TryGetValue(t.Id, out var restored))
            {
                removals.Add(restored);
            }
        }

        removals.Sort((a, b) => string.CompareOrdinal(a.InstanceId, b.InstanceId));
        return removals;
    }

    private ReconcileResult Summarize(DateTimeOffset now)
    {
        lock (_gate)
        {
            int healthy = 0, ready = 0, removing = 0, inService = 0;
            var converged = _desired is not null;
            foreach (var t in _tracked.Values)
            {
                healthy += t.Healthy ? 1 : 0;
                ready += t.IsReady ? 1 : 0;
                if (t.IsRemoving)
                {
                    removing++;
                    converged = false;
                    continue;
                }

                inService++;
                if (!t.Healthy || !t.IsReady || t.SurgeReplacePending || !string.Equals(t.Info.ModelVersion, _model.Version, StringComparison.Ordinal))
                {
                    converged = false;
                }
            }

            converged = converged && inService == _desired && !RebalancePending(now);
            return new ReconcileResult(now, _desired, _tracked.Count, healthy, ready, removing, _passCreated, _passDeleted, _passFailures, converged);
        }
    }

    /// <summary>Whether the zones of the instances in service are more than one apart and the rebalance may act on it (no zone blocked).</summary>
    private bool RebalancePending(DateTimeOffset now)
    {
        if (_zones.Length <= 1 || _zones.Any(z => IsZoneBlocked(z, now)))
        {
            return false;
        }

        var counts = new Dictionary<string, int>(_zones.Length, StringComparer.Ordinal);
        foreach (var t in _tracked.Values)
        {
            if (!t.IsRemoving)
            {
                counts[t.Zone] = counts.GetValueOrDefault(t.Zone) + 1;
            }
        }

        // Instances protected from scale-in can hold a zone long; the balance then is the best the others allow.
        return ZonePlanner.Skew(_zones, counts) > 1
            && ZonePlanner.RebalanceCreates(_zones, counts, RemovableByZone(_tracked.Values.Where(t => !t.IsRemoving))) > 0;
    }

    /// <summary>Counts, per zone, the instances scale-in may choose (not protected from scale-in).</summary>
    private static Dictionary<string, int> RemovableByZone(IEnumerable<TrackedInstance> inService)
    {
        var removable = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var t in inService)
        {
            removable[t.Zone] = removable.GetValueOrDefault(t.Zone) + (t.Info.ProtectedFromScaleIn ? 0 : 1);
        }

        return removable;
    }

    private async Task<bool> ObserveAsync(DateTimeOffset now, CancellationToken ct)
    {
        IReadOnlyList<InstanceInfo> instances;
        IReadOnlyList<LoadBalancerMember> members;
        try
        {
            instances = await _retry.ExecuteAsync(
                static (s, token) => new ValueTask<IReadOnlyList<InstanceInfo>>(s._compute.ListInstancesAsync(s._options.ScaleSetName, token)), this, ct).ConfigureAwait(false);
            members = await _retry.ExecuteAsync(
                static (s, token) => new ValueTask<IReadOnlyList<LoadBalancerMember>>(s._loadBalancer.ListMembersAsync(s._options.EffectivePool, token)), this, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            lock (_gate)
            {
                _passFailures++;
                Emit(ControllerEventKind.Error, null, null, "listing instances or pool members failed; nothing changed this pass: " + ex.Message);
            }

            return false;
        }

        List<LoadBalancerMember>? orphans = null;
        lock (_gate)
        {
            // Each instance is stamped with the observation that saw it and given its member directly: a settled pass over n
            // instances builds nothing (per-pass id sets and member maps were most of a settled pass's cost). Providers list
            // in the same order pass after pass, so each item is first matched against the one at the same place in the last
            // listing (no hashing) and looked up only when that misses. Members of instances not tracked yet are rare.
            var stamp = ++_observation;
            (_lastMemberOwners, _memberOwners) = (_memberOwners, _lastMemberOwners);
            var owners = _memberOwners;
            owners.Clear();
            _untrackedMembers.Clear();
            var cursor = 0;
            for (var i = 0; i < members.Count; i++)
            {
                var m = members[i];
                var owner = Match(m.InstanceId, _lastMemberOwners, ref cursor, members: true);
                if (owner is not null)
                {
                    // The last member listed for an id is the one that counts, as a map built from the list would hold.
                    owner.ObservedMember = m;
                    owner.MemberObservation = stamp;
                    owner.MemberListedAt = i;
                }
                else
                {
                    _untrackedMembers[m.InstanceId] = m;
                }

                owners.Add(owner);
            }

            var seen = 0;
            (_lastListed, _listed) = (_listed, _lastListed);
            _listed.Clear();
            cursor = 0;
            foreach (var info in instances)
            {
                var t = Match(info.Id, _lastListed, ref cursor, members: false);
                if (t is not null)
                {
                    t.Info = info;
                }
                else
                {
                    var index = ParseIndex(info.Name);
                    t = new TrackedInstance(info, index, null) { NotHealthySince = now };
                    if (_untrackedMembers.TryGetValue(info.Id, out var adopted))
                    {
                        // Already served traffic under a previous controller: no warm-up, no creation hook.
                        t.EverHealthy = true;
                        t.CreatedHookDone = true;
                        t.ObservedMember = adopted;
                        t.MemberObservation = stamp;
                    }

                    _tracked.Add(info.Id, t);
                    _nextIndex = Math.Max(_nextIndex, index + 1);
                    Emit(ControllerEventKind.InstanceAdopted, info.Id, null, $"adopted {info.Name} in zone {info.Zone} at model {info.ModelVersion}");
                }

                if (t.Observation != stamp)
                {
                    t.Observation = stamp;
                    seen++;
                }

                t.ListedAt = _listed.Count;
                _listed.Add(t);

                t.Member = t.MemberObservation == stamp ? t.ObservedMember : null;
            }

            if (seen != _tracked.Count)
            {
                var lost = new List<string>();
                foreach (var (id, t) in _tracked)
                {
                    if (t.Observation != stamp)
                    {
                        lost.Add(id);
                    }
                }

                foreach (var id in lost)
                {
                    var t = _tracked[id];
                    _tracked.Remove(id);
                    t.Untracked = true;
                    _restoredRemovals.Remove(id);
                    _warmup?.ClearWarmingUp(id);
                    if (t.RepairPending)
                    {
                        _pendingRepairReplacements = Math.Max(0, _pendingRepairReplacements);
                    }

                    Emit(ControllerEventKind.InstanceLost, id, t.IsRemoving ? t.RemovalCauseId : t.CauseId, $"{t.Info.Name} vanished from the provider; it will be replaced");
                }
            }

            for (var i = 0; i < members.Count; i++)
            {
                var m = members[i];
                var owner = owners[i];
                if (owner is null)
                {
                    // Not tracked when the pass began: listed now only if adopted above.
                    _tracked.TryGetValue(m.InstanceId, out owner);
                }

                if (owner is null || owner.Observation != stamp)
                {
                    (orphans ??= []).Add(m);
                }
            }
        }

        if (orphans is null)
        {
            return true;
        }

        await BoundedConcurrency.ForEachAsync(
            orphans,
            _options.MaxConcurrentOperations,
            async (m, token) =>
            {
                if (await LoadBalancerCallAsync(static (s, token) => s.self._loadBalancer.RemoveAsync(s.self._options.EffectivePool, s.id, token), (self: this, id: m.InstanceId), m.InstanceId, null, token).ConfigureAwait(false))
                {
                    lock (_gate)
                    {
                        Emit(ControllerEventKind.OrphanMemberRemoved, m.InstanceId, null, $"removed pool member {m.InstanceName} ({m.Address}): its instance does not exist");
                    }
                }
            },
            ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Finds the tracked instance with <paramref name="id"/>: first the one at <paramref name="cursor"/> in the last listing,
    /// then by lookup, after which the cursor moves to just past where the last listing had that instance (an instance
    /// gone or added shifts the rest of a listing by one).
    /// </summary>
    private TrackedInstance? Match(string id, List<TrackedInstance?> last, ref int cursor, bool members)
    {
        if (cursor < last.Count && last[cursor] is { Untracked: false } guess && string.Equals(guess.Id, id, StringComparison.Ordinal))
        {
            cursor++;
            return guess;
        }

        if (!_tracked.TryGetValue(id, out var t))
        {
            return null;
        }

        var at = members ? t.MemberListedAt : t.ListedAt;
        if (at >= 0 && at < last.Count && ReferenceEquals(last[at], t))
        {
            cursor = at + 1;
        }

        return t;
    }

    private async Task ProbeAsync(CancellationToken ct)
    {
        if (_probe is null)
        {
            return;
        }

        List<TrackedInstance> targets;
        lock (_gate)
        {
            targets = [.. _tracked.Values.Where(t => t.Info.State == InstanceState.Running && t.Info.Health == InstanceHealth.Healthy && t.Info.Address is not null)];
        }

        await BoundedConcurrency.ForEachAsync(
            targets,
            _options.MaxConcurrentOperations,
            async (t, token) =>
            {
                HealthProbeResult result;
                try
                {
                    result = await _probe.ProbeAsync(t.Info.Address!, token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
                {
                    result = new HealthProbeResult(false, ex.Message);
                }

                lock (_gate)
                {
                    t.ProbeHealthy = result.Healthy;
                    t.ProbeDetail = result.Detail;
                }
            },
            ct).ConfigureAwait(false);
    }

    private void UpdateHealth(DateTimeOffset now)
    {
        foreach (var t in _tracked.Values)
        {
            var healthy = t.Info.State == InstanceState.Running
                && t.Info.Health == InstanceHealth.Healthy
                && t.Info.Address is not null
                && (_probe is null || t.ProbeHealthy);
            if (healthy && !t.Healthy)
            {
                t.Healthy = true;
                t.NotHealthySince = null;
                if (!t.EverHealthy || t.RepairPending)
                {
                    _warmup?.SetWarmingUp(t.Id, now + _options.InstanceWarmup);
                }

                t.EverHealthy = true;
                Emit(ControllerEventKind.InstanceHealthy, t.Id, t.CauseId, $"{t.Info.Name} is healthy at {t.Info.Address}");
                if (t.RepairPending)
                {
                    t.RepairPending = false;
                    _consecutiveRepairFailures = 0;
                    Emit(ControllerEventKind.RepairSucceeded, t.Id, t.CauseId, $"repaired {t.Info.Name} is healthy");
                }
            }
            else if (!healthy && t.Healthy)
            {
                t.Healthy = false;
                t.NotHealthySince = now;
                var why = _probe is not null && !t.ProbeHealthy ? "health probe: " + t.ProbeDetail : $"provider reports {t.Info.State}/{t.Info.Health}";
                Emit(ControllerEventKind.InstanceUnhealthy, t.Id, t.CauseId, $"{t.Info.Name} is unhealthy ({why})");
            }
            else if (!healthy)
            {
                t.NotHealthySince ??= now;
            }
        }
    }

    private List<TrackedInstance> DecideRepairs(DateTimeOffset now)
    {
        var calls = new List<TrackedInstance>();
        var repair = _options.AutomaticRepairs;
        if (!repair.Enabled || _repairsSuspended)
        {
            return calls;
        }

        var size = 0;
        var inFlight = 0;
        var candidates = _scratch;
        candidates.Clear();
        foreach (var t in _tracked.Values)
        {
            if (t.Removal == InstanceRemovalReason.Repair)
            {
                inFlight++;
                continue;
            }

            if (t.IsRemoving)
            {
                continue;
            }

            size++;
            if (t.Healthy)
            {
                continue;
            }

            if (t.NotHealthySince + repair.GracePeriod <= now)
            {
                candidates.Add(t);
            }
            else if (t.RepairPending)
            {
                inFlight++;
            }
        }

        var limit = size < 20 ? 1 : Math.Max(1, size * 5 / 100);
        if (candidates.Count == 0)
        {
            return calls;
        }

        candidates.Sort((a, b) => a.NotHealthySince!.Value != b.NotHealthySince!.Value
            ? a.NotHealthySince.Value.CompareTo(b.NotHealthySince.Value)
            : a.Index.CompareTo(b.Index));
        foreach (var t in candidates)
        {
            if (t.RepairPending)
            {
                // The last repair of this instance (or the instance created to replace one) did not make it healthy in time.
                t.RepairPending = false;
                if (RecordRepairFailure(t.Id, t.CauseId, $"{t.Info.Name} is still unhealthy a grace period after its repair"))
                {
                    break;
                }
            }

            if (inFlight >= limit)
            {
                break;
            }

            inFlight++;
            var cause = "repair-" + (++_repairCounter).ToString(CultureInfo.InvariantCulture);
            var unhealthyFor = now - t.NotHealthySince!.Value;
            if (repair.Action == RepairAction.Replace)
            {
                MarkRemoval(t, InstanceRemovalReason.Repair, cause, $"unhealthy for {unhealthyFor:c}");
                _pendingRepairReplacements++;
                Emit(ControllerEventKind.InstanceRepaired, t.Id, cause, $"replacing {t.Info.Name}, unhealthy for {unhealthyFor:c}");
            }
            else
            {
                t.CauseId = cause;
                calls.Add(t);
            }
        }

        return calls;
    }

    /// <summary>Counts a failed repair; returns whether repairs are now suspended.</summary>
    private bool RecordRepairFailure(string instanceId, string? cause, string message)
    {
        _consecutiveRepairFailures++;
        Emit(ControllerEventKind.RepairFailed, instanceId, cause, message);
        if (_consecutiveRepairFailures >= _options.AutomaticRepairs.MaxConsecutiveFailures)
        {
            _repairsSuspended = true;
            Emit(ControllerEventKind.RepairsSuspended, instanceId, cause, string.Create(
                CultureInfo.InvariantCulture,
                $"automatic repairs suspended after {_consecutiveRepairFailures} failed repairs in a row; call ResumeRepairs once the cause is fixed"));
            return true;
        }

        return false;
    }

    private async Task RunRepairCallsAsync(List<TrackedInstance> targets, CancellationToken ct)
    {
        if (targets.Count == 0)
        {
            return;
        }

        var reimage = _options.AutomaticRepairs.Action == RepairAction.Reimage;
        var model = Model;
        await ForEachBatchAsync(
            targets,
            reimage
                ? (self, batch, token) => self._compute.ReimageInstancesAsync(self._options.ScaleSetName, Ids(batch), model, token)
                : static (self, batch, token) => self._compute.RestartInstancesAsync(self._options.ScaleSetName, Ids(batch), token),
            static t => t.Id,
            (t, result) =>
            {
                if (result.Succeeded)
                {
                    t.RepairPending = true;
                    t.Healthy = false;
                    t.NotHealthySince = _time.GetUtcNow();
                    if (result.Instance is not null)
                    {
                        t.Info = result.Instance;
                    }

                    Emit(ControllerEventKind.InstanceRepaired, t.Id, t.CauseId, (reimage ? "reimaged " : "restarted ") + t.Info.Name);
                }
                else
                {
                    _passFailures++;
                    RecordRepairFailure(t.Id, t.CauseId, $"{(reimage ? "reimage" : "restart")} of {t.Info.Name} failed: {result.Message}");
                }
            },
            ct).ConfigureAwait(false);
    }

    /// <summary>Stopped instances to start: in service (scale-in and repair decided first, so none about to go) and not being repaired.</summary>
    private List<TrackedInstance> DecideStarts(List<TrackedInstance> repairing)
    {
        var starts = new List<TrackedInstance>();
        if (!_options.StartStoppedInstances)
        {
            return starts;
        }

        foreach (var t in _tracked.Values)
        {
            if (t.Info.State == InstanceState.Stopped && !t.IsRemoving && !repairing.Contains(t))
            {
                starts.Add(t);
            }
        }

        return starts;
    }

    private async Task StartStoppedAsync(List<TrackedInstance> targets, CancellationToken ct)
    {
        if (targets.Count == 0)
        {
            return;
        }

        await ForEachBatchAsync(
            targets,
            static (self, batch, token) => self._compute.StartInstancesAsync(self._options.ScaleSetName, Ids(batch), token),
            static t => t.Id,
            (t, result) =>
            {
                if (!result.Succeeded)
                {
                    _passFailures++;
                    Emit(ControllerEventKind.Error, t.Id, t.CauseId, $"starting stopped {t.Info.Name} failed ({result.Failure}); retried next pass: {result.Message}");
                    return;
                }

                if (result.Instance is not null)
                {
                    t.Info = result.Instance;
                }

                // It boots again: warm-up starts over when it turns healthy.
                t.EverHealthy = false;
                Emit(ControllerEventKind.InstanceStarted, t.Id, t.CauseId, $"started {t.Info.Name}, which the provider reported stopped");
            },
            ct).ConfigureAwait(false);
    }

    private void StartUpgradeLocked()
    {
        _stoppedUpgradeVersion = null;
        if (!_upgradeActive)
        {
            _upgradeActive = true;
            _batchInProgress = false;
            _upgradeBlockedReported = false;
            _lastBatchEnd = DateTimeOffset.MinValue;
        }
    }

    private void DecideUpgrade(DateTimeOffset now)
    {
        if (!_upgradeActive
            && _options.RollingUpgrade.Mode == UpgradeMode.Automatic
            && !string.Equals(_stoppedUpgradeVersion, _model.Version, StringComparison.Ordinal)
            && _tracked.Values.Any(t => !t.IsRemoving && !string.Equals(t.Info.ModelVersion, _model.Version, StringComparison.Ordinal)))
        {
            // Level-triggered: a controller restarted mid-upgrade, or instances adopted at an old model, resume the upgrade.
            StartUpgradeLocked();
        }

        if (!_upgradeActive)
        {
            return;
        }

        var upgrade = _options.RollingUpgrade;
        var version = _model.Version;
        var outdated = new List<TrackedInstance>();
        int inService = 0, unhealthy = 0, upgraded = 0, upgradedUnhealthy = 0, upgradeRemovals = 0, surgePending = 0, ready = 0;
        var batchSettled = true;
        foreach (var t in _tracked.Values)
        {
            if (t.IsRemoving)
            {
                upgradeRemovals += t.Removal == InstanceRemovalReason.Upgrade ? 1 : 0;
                continue;
            }

            inService++;
            ready += t.IsReady && t.Healthy ? 1 : 0;
            var broken = IsBroken(t);
            unhealthy += broken ? 1 : 0;
            surgePending += t.SurgeReplacePending ? 1 : 0;
            if (string.Equals(t.Info.ModelVersion, version, StringComparison.Ordinal))
            {
                upgraded++;
                upgradedUnhealthy += broken ? 1 : 0;
                batchSettled &= (t.Healthy && t.IsReady) || broken;
            }
            else
            {
                outdated.Add(t);
            }
        }

        var desired = _desired ?? inService;
        if (upgraded > 0 && upgradedUnhealthy * 100 > upgrade.MaxUnhealthyUpgradedInstancePercent * upgraded)
        {
            _upgradeActive = false;
            _batchInProgress = false;
            _stoppedUpgradeVersion = version;
            foreach (var t in outdated)
            {
                t.SurgeReplacePending = false;
            }

            Emit(ControllerEventKind.UpgradeStopped, null, _modelCause, string.Create(
                CultureInfo.InvariantCulture,
                $"rolling upgrade to {version} stopped: {upgradedUnhealthy} of {upgraded} upgraded instances are unhealthy ({Percent(upgradedUnhealthy, upgraded)}% > {upgrade.MaxUnhealthyUpgradedInstancePercent}%)"));
            return;
        }

        // Surge: release old instances as their replacements take traffic.
        if (surgePending > 0)
        {
            var release = Math.Min(surgePending, ready - desired);
            foreach (var t in outdated)
            {
                if (release <= 0)
                {
                    break;
                }

                if (t.SurgeReplacePending)
                {
                    t.SurgeReplacePending = false;
                    MarkRemoval(t, InstanceRemovalReason.Upgrade, _modelCause, $"replaced by a {version} instance");
                    release--;
                    surgePending--;
                    upgradeRemovals++;
                }
            }
        }

        if (_batchInProgress)
        {
            if (upgradeRemovals > 0 || surgePending > 0 || inService < desired || !batchSettled)
            {
                return;
            }

            _batchInProgress = false;
            _lastBatchEnd = now;
            Emit(ControllerEventKind.UpgradeBatchCompleted, null, _modelCause, string.Create(CultureInfo.InvariantCulture, $"upgrade batch to {version} completed; {outdated.Count} instances left"));
        }

        if (outdated.Count == 0)
        {
            if (upgradeRemovals == 0)
            {
                _upgradeActive = false;
                Emit(ControllerEventKind.UpgradeCompleted, null, _modelCause, $"every instance runs model {version}");
            }

            return;
        }

        if (now < _lastBatchEnd + upgrade.PauseTimeBetweenBatches || upgradeRemovals > 0)
        {
            return;
        }

        if (inService > desired)
        {
            // A scale-in is due and takes outdated instances first; a batch now would replace (or, with surge, keep) instances about to go.
            return;
        }

        var size = Math.Max(inService, desired);
        if (unhealthy * 100 > upgrade.MaxUnhealthyInstancePercent * size)
        {
            if (!_upgradeBlockedReported)
            {
                _upgradeBlockedReported = true;
                Emit(ControllerEventKind.UpgradeBlocked, null, _modelCause, string.Create(
                    CultureInfo.InvariantCulture,
                    $"rolling upgrade waits: {unhealthy} of {size} instances are unhealthy ({Percent(unhealthy, size)}% > {upgrade.MaxUnhealthyInstancePercent}%)"));
            }

            return;
        }

        _upgradeBlockedReported = false;
        var batch = BatchSize(size);
        if (upgrade.PrioritizeUnhealthyInstances)
        {
            outdated.Sort((a, b) => a.Healthy != b.Healthy ? a.Healthy.CompareTo(b.Healthy) : a.Index.CompareTo(b.Index));
        }
        else
        {
            outdated.Sort((a, b) => a.Index.CompareTo(b.Index));
        }

        var taken = 0;

        // Surge only within MaxInstances; the rest of the batch is removed before it is replaced.
        var surgeRoom = upgrade.MaxSurge ? Math.Max(0, _options.MaxInstances - size) : 0;
        foreach (var t in outdated)
        {
            if (taken == batch)
            {
                break;
            }

            if (surgeRoom > 0)
            {
                t.SurgeReplacePending = true;
                surgeRoom--;
            }
            else
            {
                MarkRemoval(t, InstanceRemovalReason.Upgrade, _modelCause, $"rolling upgrade to {version}");
            }

            taken++;
        }

        _batchInProgress = true;
        Emit(ControllerEventKind.UpgradeBatchStarted, null, _modelCause, string.Create(
            CultureInfo.InvariantCulture,
            $"upgrade batch to {version}: {taken} of {outdated.Count} outdated instances{(upgrade.MaxSurge ? " (new instances first)" : string.Empty)}"));
    }

    /// <summary>Gets the size of one upgrade batch for a set of <paramref name="size"/> instances.</summary>
    internal int BatchSize(int size) => Math.Max(1, (int)Math.Ceiling(size * _options.RollingUpgrade.MaxBatchInstancePercent / 100.0));

    private List<(InstanceCreateRequest Request, string? Cause)> DecideCapacity(DateTimeOffset now)
    {
        var creates = new List<(InstanceCreateRequest Request, string? Cause)>();
        var inService = _inService;
        inService.Clear();
        var zoneCounts = _zoneCounts;
        zoneCounts.Clear();
        int surgePending = 0, healthyInService = 0;

        // Instances of a zone share its name's string, so a run of one zone is counted without hashing the name each time;
        // counts still enter the map in the order zones are first met.
        string? zone = null;
        var run = 0;
        foreach (var t in _tracked.Values)
        {
            if (t.IsRemoving)
            {
                continue;
            }

            inService.Add(t);
            if (!ReferenceEquals(t.Zone, zone))
            {
                if (zone is not null)
                {
                    zoneCounts[zone] = zoneCounts.GetValueOrDefault(zone) + run;
                }

                zone = t.Zone;
                run = 0;
            }

            run++;
            surgePending += t.SurgeReplacePending ? 1 : 0;
            healthyInService += t.Healthy ? 1 : 0;
        }

        if (zone is not null)
        {
            zoneCounts[zone] = zoneCounts.GetValueOrDefault(zone) + run;
        }

        if (_desired is null)
        {
            _desired = inService.Count;
            _capacityCause = "adopted";
            Emit(ControllerEventKind.CapacityChanged, null, _capacityCause, string.Create(CultureInfo.InvariantCulture, $"no desired capacity set: keeping the {inService.Count} instances found"));
        }

        var desired = _desired.Value;
        var target = desired + surgePending;
        if (inService.Count < target)
        {
            var deficit = target - inService.Count;
            var extra = _options.Overprovision ? Math.Max(1, (int)Math.Ceiling(deficit * _options.OverprovisionPercent / 100.0)) : 0;
            extra = Math.Min(extra, Math.Max(0, _options.MaxInstances - target));
            PlanCreates(creates, zoneCounts, deficit + extra, now, _capacityCause);
        }
        else if (inService.Count > target)
        {
            var surplus = inService.Count - target;
            var holdBooting = _options.Overprovision && healthyInService < desired;
            var victims = ScaleInSelector.Select(
                inService,
                surplus,
                _options.ScaleIn.Rule,
                _model.Version,
                t => !t.SurgeReplacePending && !(holdBooting && !t.EverHealthy && !IsBroken(t)));
            foreach (var t in victims)
            {
                MarkRemoval(t, InstanceRemovalReason.ScaleIn, _capacityCause, string.Create(CultureInfo.InvariantCulture, $"scale-in to {desired} ({_options.ScaleIn.Rule})"));
            }
        }
        else if (_zones.Length > 1 && !_zones.Any(z => IsZoneBlocked(z, now)))
        {
            // Rebalance after an outage left zones uneven: add in the short zones; the resulting surplus is scaled in from the long
            // ones. Counted over instances in service only, so neither removals still under way nor unhealthy instances (which
            // repair handles) hold it back: at 1000 instances under faults one of each is nearly always about.
            var moves = Math.Min(BatchSize(inService.Count), (ZonePlanner.Skew(_zones, zoneCounts) > 1 ? ZonePlanner.RebalanceCreates(_zones, zoneCounts, RemovableByZone(inService)) : 0));
            var room = _options.MaxInstances - inService.Count;
            if (moves > 0 && room > 0)
            {
                PlanCreates(creates, zoneCounts, Math.Min(moves, room), now, RebalanceCause);
            }
            else if (moves > 0)
            {
                // At MaxInstances there is no room to add first: remove from the long zones; the next pass refills the short ones.
                // While a zone's last create failed as unavailable, remove one only: a probe that costs one replacement per
                // ZoneRetryInterval if that zone is still down (the refill then goes elsewhere).
                var removals = _zones.Any(_zoneBlockedUntil.ContainsKey) ? 1 : moves;
                foreach (var t in ScaleInSelector.Select(inService, removals, _options.ScaleIn.Rule, _model.Version, t => !t.SurgeReplacePending))
                {
                    MarkRemoval(t, InstanceRemovalReason.ScaleIn, RebalanceCause, string.Create(CultureInfo.InvariantCulture, $"zone rebalance at the {_options.MaxInstances}-instance limit"));
                }
            }
        }

        return creates;
    }

    private void PlanCreates(List<(InstanceCreateRequest Request, string? Cause)> creates, Dictionary<string, int> zoneCounts, int count, DateTimeOffset now, string? cause)
    {
        // Strict mode probes a zone whose outage may be over with creates in that zone alone: creates elsewhere in the same wave
        // would only be rolled back again if the zone is still down.
        var probing = _options.ZoneBalance == ZoneBalanceMode.Strict && _zoneBlockedUntil.Any(kv => kv.Value <= now);
        var zones = ZonePlanner.Plan(
            _zones,
            zoneCounts,
            z => !IsZoneBlocked(z, now) && (!probing || _zoneBlockedUntil.ContainsKey(z)),
            _options.ZoneBalance,
            count,
            out var blocked);
        if (blocked is not null && !string.Equals(blocked, _lastBlockedReason, StringComparison.Ordinal))
        {
            Emit(ControllerEventKind.ScaleOutBlocked, null, cause, string.Create(CultureInfo.InvariantCulture, $"scale-out placed {zones.Count} of {count} instances: {blocked}"));
        }

        _lastBlockedReason = blocked;
        var used = _usedIndexes;
        used.Clear();
        foreach (var t in _tracked.Values)
        {
            used.Add(t.Index);
        }

        foreach (var zone in zones)
        {
            while (used.Contains(_nextIndex))
            {
                _nextIndex++;
            }

            var name = _namePrefix + _nextIndex.ToString("D6", CultureInfo.InvariantCulture);
            _nextIndex++;
            creates.Add((new InstanceCreateRequest(_options.ScaleSetName, name, _options.ScaleSetName + "/" + name, zone, _model), cause));
        }
    }

    private bool IsZoneBlocked(string zone, DateTimeOffset now) =>
        _zoneBlockedUntil.TryGetValue(zone, out var until) && until > now;

    private void MarkRemoval(TrackedInstance t, InstanceRemovalReason reason, string? cause, string why)
    {
        t.Removal = reason;
        t.RemovalCauseId = cause;
        if (_restoredRemovals.Remove(t.Id, out var restored))
        {
            // A controller before a restart had started removing this instance: keep its drain start and its terminate notification.
            t.DrainStartedAt = restored.DrainStartedAt;
            t.TerminateNotBefore = restored.TerminateNotBefore;
            t.TerminateApproved = restored.TerminateApproved;
        }

        Emit(ControllerEventKind.InstanceRemovalStarted, t.Id, cause, $"removing {t.Info.Name} ({reason}): {why}");
    }

    private async Task SyncPoolAsync(CancellationToken ct)
    {
        List<(TrackedInstance T, LoadBalancerMemberState To)>? actions = null;
        lock (_gate)
        {
            // One scan, and only the instances that may need a call are put in index order (a full sort per pass showed in profiles).
            int surge = 0, inPool = 0;
            var candidates = _scratch;
            candidates.Clear();
            foreach (var t in _tracked.Values)
            {
                surge += t.SurgeReplacePending ? 1 : 0;
                inPool += !t.IsRemoving && t.InPool && t.Healthy ? 1 : 0;
                if (!t.IsRemoving && (t.Healthy ? t.Member is not { State: LoadBalancerMemberState.Ready } || AddressChanged(t) : t.Member is { State: LoadBalancerMemberState.Ready }))
                {
                    candidates.Add(t);
                }
            }

            var allowed = (_desired ?? int.MaxValue) + surge;
            SortByIndex(candidates);
            foreach (var t in candidates)
            {
                if (t.IsRemoving)
                {
                    continue;
                }

                if (t.Healthy)
                {
                    if (t.Member is null)
                    {
                        // Overprovisioned extras stay out of the pool: the first to turn healthy are kept, the rest deleted unseen.
                        if (inPool < allowed)
                        {
                            inPool++;
                            _restoredRemovals.Remove(t.Id);
                            (actions ??= []).Add((t, LoadBalancerMemberState.Registered));
                        }
                    }
                    else if (AddressChanged(t))
                    {
                        // The instance came back at another address (a reboot with a new DHCP lease): the member points nowhere.
                        (actions ??= []).Add((t, LoadBalancerMemberState.Registered));
                    }
                    else if (t.Member.State != LoadBalancerMemberState.Ready)
                    {
                        // Back in service: a removal a controller before a restart had started is rolled back.
                        _restoredRemovals.Remove(t.Id);
                        (actions ??= []).Add((t, LoadBalancerMemberState.Ready));
                    }
                }
                else if (t.Member is { State: LoadBalancerMemberState.Ready })
                {
                    (actions ??= []).Add((t, LoadBalancerMemberState.Draining));
                }
            }

            candidates.Clear();
        }

        if (actions is null)
        {
            return;
        }

        await BoundedConcurrency.ForEachAsync(actions, _options.MaxConcurrentOperations, (a, token) => SyncMemberAsync(a.T, a.To, token), ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Puts the instances in index order, stably (instances without an index keep the order they are in), in place and
    /// without allocating. Instances are tracked in creation order, so the list is often in order already and left as it is;
    /// after removals the tracking table reuses freed slots and the order is lost.
    /// </summary>
    private static void SortByIndex(List<TrackedInstance> instances)
    {
        var n = instances.Count;
        var i = 1;
        while (i < n && instances[i - 1].Index <= instances[i].Index)
        {
            i++;
        }

        if (i >= n)
        {
            return;
        }

        // Keys unique by position make the unstable span sort stable: index in the high half, position in the low.
        var rented = n > 256 ? ArrayPool<long>.Shared.Rent(n) : null;
        var keys = rented is null ? stackalloc long[n] : rented.AsSpan(0, n);
        for (var k = 0; k < n; k++)
        {
            keys[k] = ((long)instances[k].Index << 32) | (uint)k;
        }

        keys.Sort(CollectionsMarshal.AsSpan(instances));
        if (rented is not null)
        {
            ArrayPool<long>.Shared.Return(rented);
        }
    }

    private static bool AddressChanged(TrackedInstance t) =>
        t.Member is not null && t.Info.Address is not null && !string.Equals(t.Member.Address, t.Info.Address, StringComparison.Ordinal);

    private async Task SyncMemberAsync(TrackedInstance t, LoadBalancerMemberState to, CancellationToken ct)
    {
        if (to == LoadBalancerMemberState.Draining)
        {
            if (await LoadBalancerCallAsync(static (s, token) => s.self._loadBalancer.DrainAsync(s.self._options.EffectivePool, s.id, token), (self: this, id: t.Id), t.Id, t.CauseId, ct).ConfigureAwait(false))
            {
                lock (_gate)
                {
                    t.Member = t.Member! with { State = LoadBalancerMemberState.Draining };
                    Emit(ControllerEventKind.InstanceDraining, t.Id, t.CauseId, $"{t.Info.Name} taken out of rotation: unhealthy");
                }
            }

            return;
        }

        if (to == LoadBalancerMemberState.Registered)
        {
            if (t.Member is { } stale)
            {
                lock (_gate)
                {
                    Emit(ControllerEventKind.InstanceAddressChanged, t.Id, t.CauseId, $"{t.Info.Name} moved from {stale.Address} to {t.Info.Address}; re-registering it");
                }

                if (!await LoadBalancerCallAsync(static (s, token) => s.self._loadBalancer.RemoveAsync(s.self._options.EffectivePool, s.id, token), (self: this, id: t.Id), t.Id, t.CauseId, ct).ConfigureAwait(false))
                {
                    return;
                }

                lock (_gate)
                {
                    t.Member = null;
                    Emit(ControllerEventKind.InstanceRemovedFromPool, t.Id, t.CauseId, $"{t.Info.Name} left the pool at its old address {stale.Address}");
                }
            }

            if (_hook is not null && !t.CreatedHookDone)
            {
                try
                {
                    await _hook.OnCreatedAsync(t.Info, ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    lock (_gate)
                    {
                        Emit(ControllerEventKind.Error, t.Id, t.CauseId, $"creation hook for {t.Info.Name} failed (registering anyway): {ex.Message}");
                    }
                }

                t.CreatedHookDone = true;
            }

            var info = t.Info;
            if (!await LoadBalancerCallAsync(static (s, token) => s.self._loadBalancer.RegisterAsync(s.self._options.EffectivePool, s.info.Id, s.info.Name, s.info.Address!, token), (self: this, info), t.Id, t.CauseId, ct).ConfigureAwait(false))
            {
                return;
            }

            lock (_gate)
            {
                t.Member = new LoadBalancerMember(info.Id, info.Name, info.Address!, LoadBalancerMemberState.Registered, 0);
                Emit(ControllerEventKind.InstanceRegistered, t.Id, t.CauseId, $"{info.Name} registered at {info.Address}");
            }
        }

        if (await LoadBalancerCallAsync(static (s, token) => s.self._loadBalancer.SetReadyAsync(s.self._options.EffectivePool, s.id, token), (self: this, id: t.Id), t.Id, t.CauseId, ct).ConfigureAwait(false))
        {
            lock (_gate)
            {
                t.Member = t.Member! with { State = LoadBalancerMemberState.Ready };
                Emit(ControllerEventKind.InstanceReady, t.Id, t.CauseId, $"{t.Info.Name} takes traffic");
            }
        }
    }

    private async Task ProgressRemovalsAsync(DateTimeOffset now, CancellationToken ct)
    {
        List<TrackedInstance>? removing = null;
        lock (_gate)
        {
            foreach (var t in _tracked.Values)
            {
                if (t.IsRemoving)
                {
                    (removing ??= []).Add(t);
                }
            }
        }

        if (removing is null)
        {
            return;
        }

        SortByIndex(removing);

        // Drains, pool removals and hooks first, one instance at a time; then the instances ready to go are deleted together,
        // in batches as the provider takes them.
        List<TrackedInstance>? deletes = null;
        await BoundedConcurrency.ForEachAsync(
            removing,
            _options.MaxConcurrentOperations,
            async (t, token) =>
            {
                if (await PrepareDeleteAsync(t, now, token).ConfigureAwait(false))
                {
                    lock (_gate)
                    {
                        (deletes ??= []).Add(t);
                    }
                }
            },
            ct).ConfigureAwait(false);
        if (deletes is null)
        {
            return;
        }

        SortByIndex(deletes);
        await ForEachBatchAsync(
            deletes,
            static (self, batch, token) => self._compute.DeleteInstancesAsync(self._options.ScaleSetName, Ids(batch), token),
            static t => t.Id,
            (t, result) =>
            {
                var cause = t.RemovalCauseId;
                if (!result.Succeeded)
                {
                    _passFailures++;
                    Emit(ControllerEventKind.Error, t.Id, cause, $"deleting {t.Info.Name} failed ({result.Failure}); retried next pass: {result.Message}");
                    return;
                }

                _tracked.Remove(t.Id);
                t.Untracked = true;
                _passDeleted++;
                _warmup?.ClearWarmingUp(t.Id);
                Emit(ControllerEventKind.InstanceDeleted, t.Id, cause, $"deleted {t.Info.Name} ({t.Removal})");
            },
            ct).ConfigureAwait(false);
    }

    /// <summary>Moves a removal on (drain, leave the pool, terminate notification); returns whether the instance may be deleted now.</summary>
    private async Task<bool> PrepareDeleteAsync(TrackedInstance t, DateTimeOffset now, CancellationToken ct)
    {
        var cause = t.RemovalCauseId;
        if (t.Member is { } member)
        {
            if (member.State != LoadBalancerMemberState.Draining)
            {
                if (!await LoadBalancerCallAsync(static (s, token) => s.self._loadBalancer.DrainAsync(s.self._options.EffectivePool, s.id, token), (self: this, id: t.Id), t.Id, cause, ct).ConfigureAwait(false))
                {
                    return false;
                }

                lock (_gate)
                {
                    t.Member = member with { State = LoadBalancerMemberState.Draining };
                    t.DrainStartedAt = now;
                    Emit(ControllerEventKind.InstanceDraining, t.Id, cause, string.Create(CultureInfo.InvariantCulture, $"draining {t.Info.Name} ({member.ActiveConnections} connections, timeout {_options.DrainTimeout:c})"));
                }

                if (_options.DrainTimeout > TimeSpan.Zero)
                {
                    return false;
                }
            }
            else
            {
                t.DrainStartedAt ??= now;
                var drained = member.ActiveConnections == 0 && t.DrainStartedAt < now;
                if (!drained && now - t.DrainStartedAt.Value < _options.DrainTimeout)
                {
                    return false;
                }
            }

            if (!await LoadBalancerCallAsync(static (s, token) => s.self._loadBalancer.RemoveAsync(s.self._options.EffectivePool, s.id, token), (self: this, id: t.Id), t.Id, cause, ct).ConfigureAwait(false))
            {
                return false;
            }

            lock (_gate)
            {
                t.Member = null;
                Emit(ControllerEventKind.InstanceRemovedFromPool, t.Id, cause, $"{t.Info.Name} left the pool");
            }
        }

        if (_hook is not null && !t.TerminateApproved)
        {
            if (t.TerminateNotBefore is null)
            {
                var notBefore = now + _options.ScaleIn.TerminateNotificationTimeout;
                t.TerminateNotBefore = notBefore;
                lock (_gate)
                {
                    Emit(ControllerEventKind.InstanceTerminating, t.Id, cause, $"terminate notification for {t.Info.Name}: deleted at the latest at {notBefore:O}");
                }

                try
                {
                    t.TerminateApproved = await _hook.OnTerminatingAsync(t.Info, notBefore, ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    lock (_gate)
                    {
                        Emit(ControllerEventKind.Error, t.Id, cause, $"terminate hook for {t.Info.Name} failed; deleting at the not-before time: {ex.Message}");
                    }
                }
            }

            if (!t.TerminateApproved && now < t.TerminateNotBefore)
            {
                return false;
            }
        }

        return true;
    }

    private async Task CreateAsync(List<(InstanceCreateRequest Request, string? Cause)> creates, CancellationToken ct)
    {
        if (creates.Count > 0)
        {
            await CreateAllAsync(creates, ct).ConfigureAwait(false);
        }

        lock (_gate)
        {
            // Only a count of replacements still owed can change here: skip the scan when none is.
            if (_pendingRepairReplacements != 0 && _tracked.Values.Count(t => !t.IsRemoving) >= (_desired ?? 0))
            {
                _pendingRepairReplacements = 0;
            }
        }
    }

    private Task CreateAllAsync(List<(InstanceCreateRequest Request, string? Cause)> creates, CancellationToken ct) =>
        ForEachBatchAsync(
            creates,
            static (self, batch, token) => self._compute.CreateInstancesAsync(Array.ConvertAll(batch, c => c.Request), token),
            static c => c.Request.InstanceName,
            (item, result) =>
            {
                var (request, cause) = item;
                var now = _time.GetUtcNow();
                if (!result.Succeeded)
                {
                    _passFailures++;
                    _passCreateFailed = true;
                    if (result.ZoneUnavailable)
                    {
                        _zoneBlockedUntil[request.Zone] = now + _options.ZoneRetryInterval;
                        _passZoneUnavailable = true;
                    }

                    Emit(ControllerEventKind.InstanceCreateFailed, null, cause, $"creating {request.InstanceName} in zone {request.Zone} failed ({result.Failure}{(result.ZoneUnavailable ? ", zone unavailable" : string.Empty)}): {result.Message}");
                    return;
                }

                if (result.Instance is not { } info)
                {
                    // The provider accepted the create without describing the instance; the next list adopts it.
                    return;
                }

                _passCreated++;
                _zoneBlockedUntil.Remove(request.Zone);
                var repair = _pendingRepairReplacements > 0;
                if (repair)
                {
                    _pendingRepairReplacements--;
                }

                if (!_tracked.ContainsKey(info.Id))
                {
                    _tracked.Add(info.Id, new TrackedInstance(info, ParseIndex(info.Name), cause) { NotHealthySince = now, RepairPending = repair });
                }

                Emit(ControllerEventKind.InstanceCreated, info.Id, cause, $"created {info.Name} in zone {info.Zone} at model {info.ModelVersion}");
            },
            ct);

    /// <summary>
    /// Strict zone balance after a wave whose creates failed in an unavailable zone: the wave's other creates may have left zone
    /// counts more than one apart. Rolls back instances of this wave only (never one that existed before it), from the fullest
    /// zone, newest first, until the skew is at most one or no instance of the wave is left to roll back.
    /// </summary>
    private void RollBackStrictWave(List<(InstanceCreateRequest Request, string? Cause)> wave)
    {
        var causeByName = new Dictionary<string, string?>(wave.Count, StringComparer.Ordinal);
        foreach (var (request, cause) in wave)
        {
            causeByName[request.InstanceName] = cause;
        }

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var candidates = new List<TrackedInstance>();
        foreach (var t in _tracked.Values)
        {
            if (t.IsRemoving)
            {
                continue;
            }

            counts[t.Zone] = counts.GetValueOrDefault(t.Zone) + 1;
            if (causeByName.ContainsKey(t.Info.Name))
            {
                candidates.Add(t);
            }
        }

        candidates.Sort((a, b) => b.Index.CompareTo(a.Index));
        while (ZonePlanner.Skew(_zones, counts) > 1)
        {
            var min = _zones.Min(z => counts.GetValueOrDefault(z));
            var starved = _zones.First(z => counts.GetValueOrDefault(z) == min);
            TrackedInstance? victim = null;
            foreach (var t in candidates)
            {
                if (counts.GetValueOrDefault(t.Zone) > min + 1 && (victim is null || counts[t.Zone] > counts[victim.Zone]))
                {
                    victim = t;
                }
            }

            if (victim is null)
            {
                // What is left of the skew predates this wave; a zone outage never removes an instance that existed before it.
                break;
            }

            candidates.Remove(victim);
            counts[victim.Zone]--;
            var cause = causeByName[victim.Info.Name];
            MarkRemoval(victim, InstanceRemovalReason.ZoneRollback, cause, string.Create(
                CultureInfo.InvariantCulture,
                $"strict zone balance: zone '{starved}' is unavailable, so this instance of the same scale-out wave in zone '{victim.Zone}' is rolled back to keep zone counts within one"));
        }
    }

    private int ParseIndex(string name) =>
        name.StartsWith(_namePrefix, StringComparison.Ordinal)
        && int.TryParse(name.AsSpan(_namePrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? index
            : -1;

    /// <summary>
    /// Calls the provider for <paramref name="items"/> in batches of at most <see cref="ScaleSetControllerOptions.MaxBatchSize"/>
    /// items, up to <see cref="ScaleSetControllerOptions.MaxConcurrentOperations"/> calls at once, retrying what fails
    /// transiently (<see cref="ProviderBatch{TItem}"/>), and hands each item its result under the lock as its batch completes.
    /// </summary>
    private Task ForEachBatchAsync<TItem>(
        IReadOnlyList<TItem> items,
        Func<ScaleSetController, TItem[], CancellationToken, Task<BatchResult>> call,
        Func<TItem, string> keyOf,
        Action<TItem, InstanceOperationResult> onResult,
        CancellationToken ct)
    {
        var size = _options.MaxBatchSize;
        var batches = new TItem[(items.Count + size - 1) / size][];
        for (var b = 0; b < batches.Length; b++)
        {
            var batch = batches[b] = new TItem[Math.Min(size, items.Count - (b * size))];
            for (var i = 0; i < batch.Length; i++)
            {
                batch[i] = items[(b * size) + i];
            }
        }

        return BoundedConcurrency.ForEachAsync(
            batches,
            _options.MaxConcurrentOperations,
            async (batch, token) =>
            {
                var results = await ProviderBatch<TItem>.RunAsync(_retry, this, batch, call, keyOf, token).ConfigureAwait(false);
                lock (_gate)
                {
                    for (var i = 0; i < batch.Length; i++)
                    {
                        onResult(batch[i], results[i]);
                    }
                }
            },
            ct);
    }

    private static string[] Ids(TrackedInstance[] batch) => Array.ConvertAll(batch, t => t.Id);

    /// <summary>Calls a load balancer operation with retries; reports a final failure as an error event and returns false.</summary>
    private async Task<bool> LoadBalancerCallAsync<TState>(Func<TState, CancellationToken, Task> call, TState state, string instanceId, string? cause, CancellationToken ct)
    {
        try
        {
            await _retry.ExecuteAsync(
                static async (s, token) => await s.call(s.state, token).ConfigureAwait(false),
                (call, state),
                ct).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            lock (_gate)
            {
                _passFailures++;
                Emit(ControllerEventKind.Error, instanceId, cause, "load balancer call failed: " + ex.Message);
            }

            return false;
        }
    }

    private void Emit(ControllerEventKind kind, string? instanceId, string? cause, string message)
    {
        // Callers hold _gate, so observers see one event at a time, in order.
        _events.OnNext(new ControllerEvent(_time.GetUtcNow(), _options.ScaleSetName, kind, instanceId, cause, message));
    }
}
