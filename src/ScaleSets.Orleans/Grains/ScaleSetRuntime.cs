using System.Globalization;
using ScaleSets.Configuration;
using ScaleSets.Control;
using ScaleSets.Engine;
using ScaleSets.Metrics;
using ScaleSets.Model;
using ScaleSets.Orleans.Hosting;
using ScaleSets.Policy;

namespace ScaleSets.Orleans.Grains;

/// <summary>
/// One scale set's autoscaler and controller as a grain holds them: an <see cref="AutoscaleEngine"/> with this one set
/// (never started: the grain's timer evaluates it), the <see cref="ScaleSetController"/> acting through the silo's
/// backend, and the <see cref="AutoscaleBinding"/> between them, as the single-process hosting composes them.
/// </summary>
internal sealed class ScaleSetRuntime : IDisposable
{
    private const int RecentEventCount = 20;
    private readonly AutoscaleEngine _engine;
    private readonly ScaleSetAutoscaler _autoscaler;
    private readonly ScaleSetController _controller;
    private readonly IDisposable _binding;
    private readonly IDisposable _events;
    private readonly Queue<string> _recent = new();
    private readonly Lock _recentGate = new();

    private ScaleSetRuntime(AutoscaleEngine engine, ScaleSetAutoscaler autoscaler, ScaleSetController controller, TimeSpan reconcileInterval)
    {
        ReconcileInterval = reconcileInterval;
        _engine = engine;
        _autoscaler = autoscaler;
        _controller = controller;
        _binding = AutoscaleBinding.Bind(autoscaler, controller);
        _events = controller.Events.Subscribe(Record);
    }

    /// <summary>The most recent controller events, oldest first: the set's trail as the status shows it.</summary>
    public IReadOnlyList<string> RecentEvents
    {
        get
        {
            lock (_recentGate)
            {
                return [.. _recent];
            }
        }
    }

    public ScaleSetController Controller => _controller;

    public TimeSpan ReconcileInterval { get; }

    /// <summary>The backend's compute provider itself (no intent log), to finish a previous activation's creates.</summary>
    public Abstractions.IComputeProvider Compute { get; private init; } = null!;

    public IngestStatistics Statistics => _autoscaler.Statistics;

    public ScaleDecision? LastDecision { get; private set; }

    public ReconcileResult? LastPass { get; private set; }

    /// <summary>Builds the set's runtime; the controller starts from <paramref name="desired"/> when a previous activation stored one.</summary>
    public static ScaleSetRuntime Create(
        string name,
        ScaleSetDefinition definition,
        ScaleSetBackend backend,
        ScaleSetsSiloOptions options,
        int? desired,
        Func<string, bool> isProtected,
        GrainControllerStateStore store)
    {
        var setting = ReadSetting(name, definition.SettingJson);
        if (!string.Equals(backend.ControllerOptions.ScaleSetName, name, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Scale set '{name}': the backend's controller options name scale set '{backend.ControllerOptions.ScaleSetName}'.");
        }

        var engine = new AutoscaleEngine(
            new TimeProviderScheduler(options.TimeProvider),
            new AutoscaleEngineOptions { EvaluationInterval = options.EvaluationInterval, PredictiveRefit = PredictiveRefitMode.Inline });
        try
        {
            var autoscaler = engine.AddScaleSet(name, setting, desired ?? definition.InitialCapacity);
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
            return new ScaleSetRuntime(engine, autoscaler, controller, backend.ControllerOptions.ReconcileInterval) { Compute = backend.Compute };
        }
        catch
        {
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

    public ScaleDecision Evaluate() => LastDecision = _autoscaler.Evaluate();

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

    private void Record(ControllerEvent e)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{e.Time:O} {e.Kind} {e.InstanceId} {e.Message}");
        lock (_recentGate)
        {
            _recent.Enqueue(line);
            while (_recent.Count > RecentEventCount)
            {
                _recent.Dequeue();
            }
        }
    }
}
