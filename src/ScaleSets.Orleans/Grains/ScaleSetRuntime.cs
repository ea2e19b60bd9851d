using System.Globalization;
using System.Reactive.Disposables;
using ScaleSets.Configuration;
using ScaleSets.Control;
using ScaleSets.Engine;
using ScaleSets.Metrics;
using ScaleSets.Model;
using ScaleSets.Orleans.Hosting;
using ScaleSets.Policy;
using ScaleSets.State;

namespace ScaleSets.Orleans.Grains;

/// <summary>
/// One scale set's autoscaler and controller as a grain holds them: an <see cref="AutoscaleEngine"/> with this one set
/// (never started: the grain's timer evaluates it), the <see cref="ScaleSetController"/> acting through the silo's
/// backend, and the <see cref="AutoscaleBinding"/> between them, as the single-process hosting composes them.
/// </summary>
internal sealed class ScaleSetRuntime : IDisposable
{
    private readonly AutoscaleEngine _engine;
    private readonly ScaleSetAutoscaler _autoscaler;
    private readonly ScaleSetController _controller;
    private readonly IDisposable _binding;
    private readonly CompositeDisposable _events;
    private readonly ScaleSetTrail _trail;
    private readonly string _silo;

    private ScaleSetRuntime(AutoscaleEngine engine, ScaleSetAutoscaler autoscaler, ScaleSetController controller, TimeSpan reconcileInterval, ScaleSetTrail trail, string silo, IDisposable engineEvents)
    {
        ReconcileInterval = reconcileInterval;
        _engine = engine;
        _autoscaler = autoscaler;
        _controller = controller;
        _trail = trail;
        _silo = silo;
        _binding = AutoscaleBinding.Bind(autoscaler, controller);
        _events = new CompositeDisposable(engineEvents, controller.Events.Subscribe(e => trail.Add(Line(e.Time, e.Kind.ToString(), e.InstanceId, e.Message))));
    }

    public ScaleSetController Controller => _controller;

    public TimeSpan ReconcileInterval { get; }

    /// <summary>The backend's compute provider itself (no intent log), to finish a previous activation's creates.</summary>
    public Abstractions.IComputeProvider Compute { get; private init; } = null!;

    /// <summary>The backend's observer of decisions, if any.</summary>
    private Action<ScaleDecision>? OnDecision { get; init; }

    public IngestStatistics Statistics => _autoscaler.Statistics;

    public ScaleDecision? LastDecision { get; private set; }

    public ReconcileResult? LastPass { get; private set; }

    /// <summary>
    /// Builds the set's runtime: the autoscaler resumes from the snapshot in <paramref name="autoscalerStore"/> (its
    /// cooldown, histories and forecaster) and saves to it after every evaluation; the controller starts from
    /// <paramref name="desired"/> when a previous activation stored one.
    /// </summary>
    public static async Task<ScaleSetRuntime> CreateAsync(
        string name,
        ScaleSetDefinition definition,
        ScaleSetBackend backend,
        ScaleSetsSiloOptions options,
        int? desired,
        Func<string, bool> isProtected,
        GrainControllerStateStore store,
        IAutoscalerStateStore autoscalerStore,
        ScaleSetTrail trail,
        string silo)
    {
        var setting = ReadSetting(name, definition.SettingJson);
        if (!string.Equals(backend.ControllerOptions.ScaleSetName, name, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Scale set '{name}': the backend's controller options name scale set '{backend.ControllerOptions.ScaleSetName}'.");
        }

        var engine = new AutoscaleEngine(
            new TimeProviderScheduler(options.TimeProvider),
            new AutoscaleEngineOptions { EvaluationInterval = options.EvaluationInterval, PredictiveRefit = PredictiveRefitMode.Inline });
        var engineEvents = engine.Events.Subscribe(e => trail.Add(Line(e.Time, e.Kind.ToString(), null, e.Message)));
        try
        {
            trail.Add(Line(options.TimeProvider.GetUtcNow(), "Activated", null, $"on silo {silo}"));
            var autoscaler = await engine.AddScaleSetAsync(name, setting, desired ?? definition.InitialCapacity, autoscalerStore).ConfigureAwait(true);
            if (desired is { } stored && stored != autoscaler.Capacity)
            {
                // The controller's desired capacity was written with the lease of the last pass, after the last snapshot.
                autoscaler.ReportCapacity(stored);
            }

            var controller = new ScaleSetController(
                backend.ControllerOptions,
                definition.Model.ToModel(),
                new ProtectionOverlay(new CreateIntentLog(backend.Compute, store), isProtected),
                backend.LoadBalancer,
                options.TimeProvider,
                backend.HealthProbe,
                autoscaler,
                lifecycleHook: null,
                store);
            return new ScaleSetRuntime(engine, autoscaler, controller, backend.ControllerOptions.ReconcileInterval, trail, silo, engineEvents)
            {
                Compute = backend.Compute,
                OnDecision = backend.OnDecision,
            };
        }
        catch
        {
            engineEvents.Dispose();
            engine.Dispose();
            throw;
        }
    }

    /// <summary>Reads an autoscale setting, or throws naming every problem.</summary>
    public static AutoscaleSetting ReadSetting(string name, string json)
    {
        var read = AutoscaleSettingJson.Read(json ?? string.Empty);
        if (!read.IsSuccess)
        {
            throw new ArgumentException($"Scale set '{name}': the autoscale setting does not read: {string.Join("; ", read.Problems)}", nameof(json));
        }

        return read.Setting!;
    }

    /// <summary>Evaluates the setting once and adds the decision to the trail.</summary>
    public ScaleDecision Evaluate()
    {
        var decision = _autoscaler.Evaluate();
        LastDecision = decision;
        _trail.Add(new ScaleSetDecisionRecord
        {
            Sequence = decision.Sequence,
            DecisionId = decision.Id,
            Time = decision.Time,
            From = decision.From,
            To = decision.To,
            Silo = _silo,
            Blocked = decision.Blocked.ToString(),
            Explanation = decision.Explain(),
        });
        try
        {
            OnDecision?.Invoke(decision);
        }
#pragma warning disable CA1031 // The observer is the user's diagnostics: its failure must not stop the evaluation's save from being awaited.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _trail.Add(Line(decision.Time, "DecisionObserverFailed", null, ex.Message));
        }

        return decision;
    }

    /// <summary>Writes the autoscaler's state now (after every save before it); fails with the store's error.</summary>
    public Task SaveAutoscalerStateAsync() => _autoscaler.SaveStateAsync(CancellationToken.None);

    /// <summary>Waits for the autoscaler's own save of its last evaluation (no second write); fails with the store's error.</summary>
    public Task WhenAutoscalerStateSavedAsync() => _autoscaler.WhenStateSavedAsync(CancellationToken.None);

    public async Task<ReconcileResult> ReconcileAsync(CancellationToken cancellationToken) =>
        LastPass = await _controller.ReconcileOnceAsync(cancellationToken).ConfigureAwait(true);

    public void Ingest(ReadOnlySpan<MetricSample> samples) => _autoscaler.Ingest(samples);

    public void UpdateSetting(AutoscaleSetting setting) => _autoscaler.UpdateSetting(setting);

    public void Dispose()
    {
        _events.Dispose();
        _binding.Dispose();
        _controller.Dispose();
        _engine.Dispose();
    }

    private static string Line(DateTimeOffset time, string kind, string? instanceId, string message) =>
        string.Create(CultureInfo.InvariantCulture, $"{time:O} {kind} {instanceId} {message}");
}
