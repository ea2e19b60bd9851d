using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ScaleSets.Orleans.Hosting;
using ScaleSets.Orleans.Metrics;
using Orleans.Storage;

namespace ScaleSets.Orleans.Grains;

/// <summary>
/// The grain of one scale set (see <see cref="IScaleSetGrain"/>). Its state is written only through
/// <see cref="GrainControllerStateStore"/>, conditionally; the first refused write fences the activation: its timers and
/// calls stop acting at once and it deactivates, so the next call finds the activation that wrote last, or a new one.
/// Awaits keep the grain's context (<c>ConfigureAwait(true)</c>): grain state and timers may only be touched from it.
/// </summary>
internal sealed partial class ScaleSetGrain : Grain, IScaleSetGrain, IRemindable
{
    private const string WakeUpReminder = "scaleset-wake-up";
    private readonly IPersistentState<ScaleSetGrainState> _state;
    private readonly IScaleSetBackendFactory _backends;
    private readonly ScaleSetsSiloOptions _options;
    private readonly ILogger<ScaleSetGrain> _logger;
    private GrainControllerStateStore _store = null!;
    private GrainAutoscalerStateStore _autoscalerStore = null!;
    private ScaleSetTrail _trail = new(null, null);
    private HashSet<string> _protected = new(StringComparer.Ordinal);
    private ScaleSetRuntime? _runtime;
    private List<IGrainTimer> _timers = [];
    private string? _startError;
    private bool _autoscalerUnsaved;
    private IDisposable? _upgradeWatch;

    public ScaleSetGrain(
        [PersistentState("scaleset", ScaleSetsSiloOptions.StorageName)] IPersistentState<ScaleSetGrainState> state,
        IScaleSetBackendFactory backends,
        IOptions<ScaleSetsSiloOptions> options,
        ILogger<ScaleSetGrain> logger)
    {
        _state = state;
        _backends = backends;
        _options = options.Value;
        _logger = logger;
    }

    private string Name => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var holder = string.Create(CultureInfo.InvariantCulture, $"{RuntimeIdentity}/{Guid.NewGuid():N}");
        _trail = new ScaleSetTrail(_state.State.RecentDecisions, _state.State.RecentEvents);
        _store = new GrainControllerStateStore(TaskScheduler.Current, _state, holder, Fence, () => _runtime?.Controller.DesiredCapacity, _options.TimeProvider)
        {
            // Every write carries the trail as it is now: the next activation's status goes on from the last write.
            BeforeWrite = () => _trail.CopyInto(_state.State),
        };
        _autoscalerStore = new GrainAutoscalerStateStore(_store, _state);
        _protected = new HashSet<string>(_state.State.ProtectedInstances ?? [], StringComparer.Ordinal);
        if (_state.State.Definition is { } definition)
        {
            try
            {
                await StartAsync(definition).ConfigureAwait(true);
            }
#pragma warning disable CA1031 // A definition that no longer starts (a backend changed) must not block the grain: DefineAsync replaces it.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _startError = ex.Message;
                LogStartFailed(_logger, Name, ex.Message);
            }
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Stop();
        return Task.CompletedTask;
    }

    public async Task DefineAsync(ScaleSetDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ThrowIfFenced();
        var setting = ScaleSetRuntime.ReadSetting(Name, definition.SettingJson);
        var model = ValidModel(definition.Model);
        ArgumentOutOfRangeException.ThrowIfNegative(definition.InitialCapacity);

        // Started (or updated) before it is stored: a definition the silo cannot run is refused, never stored.
        if (_runtime is null)
        {
            try
            {
                await StartAsync(definition).ConfigureAwait(true);
            }
            catch (Exception ex) when (ex is not ArgumentException)
            {
                // Only exceptions Orleans can send back to the caller (the engine's own, AutoscaleSettingException, it cannot).
                throw new ArgumentException($"Scale set '{Name}': the definition does not start: {ex.Message}", nameof(definition));
            }

            _startError = null;
        }
        else
        {
            _runtime.UpdateSetting(setting);
            _runtime.Controller.UpdateModel(model.ToModel(), Name + "#define");
        }

        _state.State.Definition = definition;
        await _store.WriteAsync().ConfigureAwait(true);
        await GrainFactory.GetGrain<IScaleSetRegistryGrain>(0).AddAsync(Name).ConfigureAwait(true);
        await this.RegisterOrUpdateReminder(WakeUpReminder, _options.WakeUpPeriod, _options.WakeUpPeriod).ConfigureAwait(true);
    }

    public Task<ScaleSetStatus> GetStatusAsync() => Task.FromResult(Status());

    public async Task UpdateSettingAsync(string settingJson)
    {
        var definition = Defined();
        var setting = ScaleSetRuntime.ReadSetting(Name, settingJson);
        definition.SettingJson = settingJson;
        await _store.WriteAsync().ConfigureAwait(true);
        _runtime!.UpdateSetting(setting);
    }

    public async Task UpdateModelAsync(ScaleSetModelSpec model)
    {
        var definition = Defined();
        definition.Model = ValidModel(model);
        await _store.WriteAsync().ConfigureAwait(true);
        _runtime!.Controller.UpdateModel(model.ToModel(), Name + "#model-" + model.Version);
    }

    public async Task StartRollingUpgradeAsync()
    {
        var definition = Defined();
        _state.State.UpgradeRequestedVersion = definition.Model.Version;
        await _store.WriteAsync().ConfigureAwait(true);
        _runtime!.Controller.StartRollingUpgrade(Name + "#upgrade-" + definition.Model.Version);
    }

    public async Task SetProtectionAsync(string instanceId, bool isProtected)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        ThrowIfFenced();
        var next = new HashSet<string>(_protected, StringComparer.Ordinal);
        if (!(isProtected ? next.Add(instanceId) : next.Remove(instanceId)))
        {
            return;
        }

        _state.State.ProtectedInstances = next;
        await _store.WriteAsync().ConfigureAwait(true);

        // Copy on write: the controller reads the set from its own threads.
        Volatile.Write(ref _protected, next);
    }

    public Task IngestAsync(MetricBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        Defined();
        _runtime!.Ingest(batch.ToSamples());
        return Task.CompletedTask;
    }

    public async Task<ScaleSetStatus> RunPassAsync()
    {
        Defined();
        await EvaluateTickAsync(CancellationToken.None).ConfigureAwait(true);
        await ReconcileTickAsync(CancellationToken.None).ConfigureAwait(true);
        ThrowIfFenced();
        return Status();
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // Receiving it activated the grain, which started the timers; nothing else to do.
        return Task.CompletedTask;
    }

    private static ScaleSetModelSpec ValidModel(ScaleSetModelSpec model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (string.IsNullOrWhiteSpace(model.Version) || string.IsNullOrWhiteSpace(model.ImageReference))
        {
            throw new ArgumentException("ScaleSetModelSpec: Version and ImageReference are required.", nameof(model));
        }

        return model;
    }

    private async Task StartAsync(ScaleSetDefinition definition)
    {
        _runtime = await ScaleSetRuntime.CreateAsync(
            Name,
            definition,
            _backends.Create(Name),
            _options,
            _state.State.DesiredCapacity,
            id => Volatile.Read(ref _protected).Contains(id),
            _store,
            _autoscalerStore,
            _trail,
            RuntimeIdentity).ConfigureAwait(true);
        await ResumeRequestedUpgradeAsync(_runtime, definition).ConfigureAwait(true);
        var reconcile = _options.ReconcileInterval ?? _runtime.ReconcileInterval;
        _timers =
        [
            this.RegisterGrainTimer(EvaluateTickAsync, new GrainTimerCreationOptions(_options.EvaluationInterval, _options.EvaluationInterval) { KeepAlive = true }),
            this.RegisterGrainTimer(ReconcileTickAsync, new GrainTimerCreationOptions(reconcile, reconcile) { KeepAlive = true }),
        ];
    }

    /// <summary>
    /// Starts again the rolling upgrade a previous activation was asked for (manual mode keeps no upgrade in the
    /// controller's state), unless it stopped since, and forgets the request once the upgrade completes or stops.
    /// </summary>
    private async Task ResumeRequestedUpgradeAsync(ScaleSetRuntime runtime, ScaleSetDefinition definition)
    {
        _upgradeWatch = runtime.Controller.Events.Subscribe(e =>
        {
            if (e.Kind is Control.ControllerEventKind.UpgradeCompleted or Control.ControllerEventKind.UpgradeStopped)
            {
                // From the controller's thread: the row is touched on the grain's context only; the next write stores it.
                _ = _store.RunOnGrain(() =>
                {
                    _state.State.UpgradeRequestedVersion = null;
                    return Task.FromResult(true);
                });
            }
        });
        if (_state.State.UpgradeRequestedVersion is not { } requested || !string.Equals(requested, definition.Model.Version, StringComparison.Ordinal))
        {
            return;
        }

        string? stopped;
        try
        {
            stopped = (await _store.LoadAsync(Name, CancellationToken.None).ConfigureAwait(true))?.StoppedUpgradeVersion;
        }
        catch (Control.ControllerStateUnreadableException)
        {
            // The controller reports the unreadable state itself at its first pass; the upgrade was asked for, and not seen stopped.
            stopped = null;
        }

        if (!string.Equals(stopped, requested, StringComparison.Ordinal))
        {
            runtime.Controller.StartRollingUpgrade(Name + "#upgrade-" + requested);
        }
    }

    private void Stop()
    {
        _upgradeWatch?.Dispose();
        _upgradeWatch = null;
        foreach (var timer in _timers)
        {
            timer.Dispose();
        }

        _timers = [];
        _runtime?.Dispose();
        _runtime = null;
    }

    /// <summary>
    /// Evaluates, then stores the autoscaler's snapshot (and the decision, in the trail) before any pass acts on the
    /// decision: a scale-out is never sent without its cooldown stored, so the next activation cannot act inside it.
    /// </summary>
    private async Task EvaluateTickAsync(CancellationToken cancellationToken)
    {
        if (!_store.IsFenced && _runtime is not null)
        {
            _runtime.Evaluate();
            await SaveAutoscalerStateAsync(_runtime).ConfigureAwait(true);
        }
    }

    private async Task ReconcileTickAsync(CancellationToken cancellationToken)
    {
        if (!_store.IsFenced && _runtime is not null
            && (!_autoscalerUnsaved || await SaveAutoscalerStateAsync(_runtime).ConfigureAwait(true))
            && await FinishPendingCreatesAsync(_runtime).ConfigureAwait(true))
        {
            await _runtime.ReconcileAsync(cancellationToken).ConfigureAwait(true);
        }
    }

    /// <summary>Writes the autoscaler's snapshot; returns false (and the passes wait) while it is not stored.</summary>
    private async Task<bool> SaveAutoscalerStateAsync(ScaleSetRuntime runtime)
    {
        try
        {
            await runtime.SaveAutoscalerStateAsync().ConfigureAwait(true);
            _autoscalerUnsaved = false;
            return true;
        }
#pragma warning disable CA1031 // A refused write fenced the activation; any other failure leaves the passes waiting until a save succeeds.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _autoscalerUnsaved = true;
            if (!_store.IsFenced)
            {
                LogAutoscalerSaveFailed(_logger, Name, ex.Message);
            }

            return false;
        }
    }

    /// <summary>
    /// Sends again, under their names and client tokens, the creates a previous activation (or a failed pass) sent without
    /// hearing back, before the controller plans: it would otherwise create the same instances again under new names.
    /// Returns false when the pass must wait (the provider did not answer; sent again next pass).
    /// </summary>
    private async Task<bool> FinishPendingCreatesAsync(ScaleSetRuntime runtime)
    {
        if (_state.State.PendingCreates.Count == 0)
        {
            return true;
        }

        // Own the row first (a conditional write), so an activation already replaced sends nothing.
        await _store.WriteAsync().ConfigureAwait(true);
        var pending = _state.State.PendingCreates.Select(p => p.ToRequest()).ToList();
        try
        {
            await runtime.Compute.CreateInstancesAsync(pending, CancellationToken.None).ConfigureAwait(true);
        }
#pragma warning disable CA1031 // Any failure of the provider leaves the creates pending, retried next pass.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogPendingCreatesFailed(_logger, Name, pending.Count, ex.Message);
            return false;
        }

        LogPendingCreatesFinished(_logger, Name, pending.Count);
        await _store.ClearCreatesAsync([.. pending.Select(p => p.InstanceName)]).ConfigureAwait(true);
        return true;
    }

    /// <summary>A write was refused: another activation wrote since this one read. Stop acting now, and go.</summary>
    private void Fence(Exception refused)
    {
        LogFenced(_logger, Name, refused.Message);
        foreach (var timer in _timers)
        {
            timer.Dispose();
        }

        _timers = [];
        DeactivateOnIdle();
    }

    private ScaleSetDefinition Defined()
    {
        ThrowIfFenced();
        var definition = _state.State.Definition ?? throw new InvalidOperationException($"Scale set '{Name}' is not defined; define it first (ScaleSetsClient.DefineAsync).");
        return _runtime is not null
            ? definition
            : throw new InvalidOperationException($"Scale set '{Name}' could not start from its stored definition ({_startError}); define it again (ScaleSetsClient.DefineAsync).");
    }

    private void ThrowIfFenced()
    {
        if (_store.IsFenced)
        {
            throw new InconsistentStateException($"Scale set '{Name}': this activation's write was refused (another activation wrote since); it deactivates, retry the call.");
        }
    }

    private ScaleSetStatus Status()
    {
        var pass = _runtime?.LastPass;
        return new ScaleSetStatus
        {
            Name = Name,
            IsDefined = _state.State.Definition is not null,
            DesiredCapacity = _runtime?.Controller.DesiredCapacity ?? _state.State.DesiredCapacity,
            Instances = pass?.Instances,
            Ready = pass?.Ready,
            Converged = pass?.Converged ?? false,
            ModelVersion = _runtime?.Controller.Model.Version,
            LastDecision = _runtime?.LastDecision?.Explain(),
            ProtectedInstances = [.. Volatile.Read(ref _protected).Order(StringComparer.Ordinal)],
            Silo = RuntimeIdentity,
            Generation = _state.State.Generation,
            SamplesAccepted = _runtime?.Statistics.Accepted ?? 0,
            RecentEvents = _trail.Events,
            RecentDecisions = _trail.Decisions,
        };
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Scale set '{ScaleSet}': its stored definition does not start on this silo ({Reason}); it does nothing until defined again.")]
    private static partial void LogStartFailed(ILogger logger, string scaleSet, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scale set '{ScaleSet}': sent again the {Count} creates a previous activation sent without hearing back (same names and client tokens).")]
    private static partial void LogPendingCreatesFinished(ILogger logger, string scaleSet, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scale set '{ScaleSet}': sending again {Count} pending creates failed ({Reason}); the pass waits and they are sent again next pass.")]
    private static partial void LogPendingCreatesFailed(ILogger logger, string scaleSet, int count, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scale set '{ScaleSet}': storing the autoscaler's state failed ({Reason}); no pass acts until it is stored.")]
    private static partial void LogAutoscalerSaveFailed(ILogger logger, string scaleSet, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scale set '{ScaleSet}': a state write of this activation was refused ({Reason}); it stops acting and deactivates.")]
    private static partial void LogFenced(ILogger logger, string scaleSet, string reason);
}
