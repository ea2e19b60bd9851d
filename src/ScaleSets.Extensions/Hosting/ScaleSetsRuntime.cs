using System.Diagnostics.CodeAnalysis;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using ScaleSets.Control;
using ScaleSets.Engine;
using ScaleSets.Model;
using ScaleSets.Policy;
using ScaleSets.Telemetry;

namespace ScaleSets.Hosting;

/// <summary>
/// The running scale sets of the host, for the application: the engine's decisions and events, every controller's
/// events, the controllers themselves, and an explicit way to change a setting at run time.
/// </summary>
public sealed class ScaleSetsRuntime : IDisposable, ITelemetrySource
{
    private readonly Subject<ControllerEvent> _controllerEvents = new();
    private readonly Lock _gate = new();
    private readonly object _eventGate = new();
    private readonly Dictionary<string, ScaleSetController> _controllers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RecentHistory> _history = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ReconcileResult> _passes = new(StringComparer.Ordinal);
    private readonly Subject<(string ScaleSet, ScaleSetHistoryPoint Point)> _points = new();
    private readonly IDisposable _evaluations;

    /// <summary>Initializes a new instance of the <see cref="ScaleSetsRuntime"/> class.</summary>
    /// <param name="engine">The engine that evaluates every scale set.</param>
    public ScaleSetsRuntime(AutoscaleEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        Engine = engine;
        _evaluations = engine.EvaluationTimings.Subscribe(OnEvaluated);
    }

    /// <summary>How many evaluations per scale set <see cref="GetRecentHistory"/> keeps (six hours at one evaluation every 15 seconds).</summary>
    public const int RecentHistoryCapacity = 1440;

    /// <summary>Gets the engine that evaluates every scale set.</summary>
    public AutoscaleEngine Engine { get; }

    /// <summary>Gets every scale set's decisions: actions and blocked changes, explained.</summary>
    public IObservable<ScaleDecision> Decisions => Engine.Decisions;

    /// <summary>Gets the engine's other events: rejected samples, faulted or completed sources, failed evaluations, setting updates.</summary>
    public IObservable<AutoscaleEngineEvent> EngineEvents => Engine.Events;

    /// <summary>Gets every controller's events, as they happen.</summary>
    public IObservable<ControllerEvent> ControllerEvents => _controllerEvents.AsObservable();

    /// <summary>Gets every point added to a set's recent history, as it is added (on the engine's thread; the run history keeps some of them).</summary>
    internal IObservable<(string ScaleSet, ScaleSetHistoryPoint Point)> HistoryPoints => _points.AsObservable();

    /// <summary>Gets the names of the running scale sets.</summary>
    public IReadOnlyList<string> ScaleSetNames
    {
        get
        {
            lock (_gate)
            {
                return [.. _controllers.Keys];
            }
        }
    }

    /// <summary>Finds the controller of a running scale set.</summary>
    /// <param name="name">The scale set's name.</param>
    /// <param name="controller">The controller, when the scale set runs.</param>
    /// <returns>Whether the scale set runs.</returns>
    public bool TryGetController(string name, [NotNullWhen(true)] out ScaleSetController? controller)
    {
        lock (_gate)
        {
            return _controllers.TryGetValue(name, out controller);
        }
    }

    /// <summary>Returns a running scale set's status: capacity, profile, rules against thresholds, conditions, blockers, forecast, instances and recent decisions and events.</summary>
    /// <param name="name">The scale set's name.</param>
    /// <param name="status">The status, when the scale set runs.</param>
    /// <returns>Whether the scale set runs.</returns>
    public bool TryGetStatus(string name, [NotNullWhen(true)] out ScaleSetStatus? status)
    {
        ArgumentNullException.ThrowIfNull(name);
        status = null;
        if (!Engine.TryGetScaleSet(name, out var autoscaler))
        {
            return false;
        }

        var engineSide = autoscaler.GetStatus();
        var controllerSide = TryGetController(name, out var controller) ? controller.GetStatus() : null;
        status = new ScaleSetStatus
        {
            Name = name,
            Time = engineSide.Time,
            CurrentCapacity = controllerSide?.LastPass?.CurrentCapacity ?? engineSide.Capacity,
            DesiredCapacity = controllerSide?.DesiredCapacity ?? engineSide.Capacity,
            Autoscaler = engineSide,
            Controller = controllerSide,
        };
        return true;
    }

    /// <summary>Returns the status of every running scale set, in the order they were added.</summary>
    /// <returns>One status per scale set.</returns>
    public IReadOnlyList<ScaleSetStatus> GetStatus()
    {
        var list = new List<ScaleSetStatus>();
        foreach (var set in Engine.ScaleSets)
        {
            if (TryGetStatus(set.Name, out var status))
            {
                list.Add(status);
            }
        }

        return list;
    }

    /// <summary>Returns a scale set's latest evaluations kept in memory (at most <see cref="RecentHistoryCapacity"/>), oldest first.</summary>
    /// <param name="name">The scale set's name.</param>
    /// <param name="since">Only the evaluations at or after this time, or all when <see langword="null"/>.</param>
    /// <returns>The evaluations; empty for a scale set that is not running.</returns>
    public IReadOnlyList<ScaleSetHistoryPoint> GetRecentHistory(string name, DateTimeOffset? since = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_gate)
        {
            return _history.TryGetValue(name, out var history) ? history.Snapshot(since) : [];
        }
    }

    /// <summary>Replaces a running scale set's setting; it takes effect at the next evaluation.</summary>
    /// <param name="name">The scale set's name.</param>
    /// <param name="setting">The new setting.</param>
    /// <exception cref="InvalidOperationException">No scale set of this name runs.</exception>
    /// <exception cref="Configuration.AutoscaleSettingException">The setting is invalid; every problem is listed and the old setting stays.</exception>
    public void UpdateSetting(string name, AutoscaleSetting setting)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(setting);
        if (!Engine.TryGetScaleSet(name, out var autoscaler))
        {
            throw new InvalidOperationException($"No scale set named '{name}' is running.");
        }

        autoscaler.UpdateSetting(setting);
    }

    /// <summary>Completes <see cref="ControllerEvents"/>.</summary>
    public void Dispose()
    {
        _evaluations.Dispose();
        _points.OnCompleted();
        _points.Dispose();
        _controllerEvents.OnCompleted();
        _controllerEvents.Dispose();
    }

    internal IDisposable Attach(string name, ScaleSetController controller)
    {
        lock (_gate)
        {
            _controllers.Add(name, controller);
        }

        // Controllers run concurrently; observers get one event at a time.
        return new CompositeDisposable(
            controller.Events.Synchronize(_eventGate).Subscribe(_controllerEvents.OnNext),
            controller.Passes.Subscribe(pass =>
            {
                lock (_gate)
                {
                    _passes[name] = pass;
                }
            }));
    }

    /// <summary>
    /// Records an evaluation in the set's recent history; runs on the engine's thread after the evaluation, outside its
    /// locks. It takes only the numbers the chart needs (the evaluation's time, capacity and observed values, the last
    /// pass's instance counts), not a status: a status of every set at every evaluation would cost more than the evaluation.
    /// </summary>
    private void OnEvaluated(EvaluationTiming timing)
    {
        if (!timing.Succeeded
            || !Engine.TryGetScaleSet(timing.ScaleSet, out var autoscaler)
            || !autoscaler.TryGetLastEvaluation(out var time, out var capacity, out var rules, out var observed))
        {
            return;
        }

        RecentHistory? history;
        ReconcileResult? pass;
        lock (_gate)
        {
            if (!_history.TryGetValue(timing.ScaleSet, out history))
            {
                history = new RecentHistory(RecentHistoryCapacity);
                _history.Add(timing.ScaleSet, history);
            }

            _passes.TryGetValue(timing.ScaleSet, out pass);
        }

        var point = new ScaleSetHistoryPoint(time, capacity, pass?.Instances, pass?.Ready, observed) { Rules = rules };
        history.Add(point);
        if (_points.HasObservers)
        {
            _points.OnNext((timing.ScaleSet, point));
        }
    }

    internal void Detach(string name)
    {
        lock (_gate)
        {
            _controllers.Remove(name);
            _history.Remove(name);
            _passes.Remove(name);
        }
    }
}
