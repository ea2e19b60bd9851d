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
/// This type holds the client calls and the activation's life (start, timers, fencing); the passes are
/// <see cref="ScaleSetPasses"/>'s, the requested manual upgrade <see cref="RequestedUpgrade"/>'s, the set's engine and
/// controller <see cref="ScaleSetRuntime"/>'s.
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
    private ScaleSetPasses _passes = null!;
    private RequestedUpgrade _upgrade = null!;
    private ScaleSetRuntime? _runtime;
    private List<IGrainTimer> _timers = [];
    private string? _startError;
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
        _passes = new ScaleSetPasses(Name, _state, _store, _logger);
        _upgrade = new RequestedUpgrade(Name, _state, _store);
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
        await _upgrade.StartAsync(_runtime!, definition.Model.Version).ConfigureAwait(true);
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
        _upgradeWatch = await _upgrade.ResumeAsync(_runtime, definition).ConfigureAwait(true);
        var reconcile = _options.ReconcileInterval ?? _runtime.ReconcileInterval;
        _timers =
        [
            this.RegisterGrainTimer(EvaluateTickAsync, new GrainTimerCreationOptions(_options.EvaluationInterval, _options.EvaluationInterval) { KeepAlive = true }),
            this.RegisterGrainTimer(ReconcileTickAsync, new GrainTimerCreationOptions(reconcile, reconcile) { KeepAlive = true }),
        ];
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

    private Task EvaluateTickAsync(CancellationToken cancellationToken) =>
        _runtime is { } runtime ? _passes.EvaluateAsync(runtime) : Task.CompletedTask;

    private Task ReconcileTickAsync(CancellationToken cancellationToken) =>
        _runtime is { } runtime ? _passes.ReconcileAsync(runtime, cancellationToken) : Task.CompletedTask;

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scale set '{ScaleSet}': a state write of this activation was refused ({Reason}); it stops acting and deactivates.")]
    private static partial void LogFenced(ILogger logger, string scaleSet, string reason);
}
