using System.Diagnostics.CodeAnalysis;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using ScaleSets.Control;
using ScaleSets.Engine;
using ScaleSets.Model;
using ScaleSets.Policy;

namespace ScaleSets.Hosting;

/// <summary>
/// The running scale sets of the host, for the application: the engine's decisions and events, every controller's
/// events, the controllers themselves, and an explicit way to change a setting at run time.
/// </summary>
public sealed class ScaleSetsRuntime : IDisposable
{
    private readonly Subject<ControllerEvent> _controllerEvents = new();
    private readonly Lock _gate = new();
    private readonly object _eventGate = new();
    private readonly Dictionary<string, ScaleSetController> _controllers = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="ScaleSetsRuntime"/> class.</summary>
    /// <param name="engine">The engine that evaluates every scale set.</param>
    public ScaleSetsRuntime(AutoscaleEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        Engine = engine;
    }

    /// <summary>Gets the engine that evaluates every scale set.</summary>
    public AutoscaleEngine Engine { get; }

    /// <summary>Gets every scale set's decisions: actions and blocked changes, explained.</summary>
    public IObservable<ScaleDecision> Decisions => Engine.Decisions;

    /// <summary>Gets the engine's other events: rejected samples, faulted or completed sources, failed evaluations, setting updates.</summary>
    public IObservable<AutoscaleEngineEvent> EngineEvents => Engine.Events;

    /// <summary>Gets every controller's events, as they happen.</summary>
    public IObservable<ControllerEvent> ControllerEvents => _controllerEvents.AsObservable();

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
        return controller.Events.Synchronize(_eventGate).Subscribe(_controllerEvents.OnNext);
    }

    internal void Detach(string name)
    {
        lock (_gate)
        {
            _controllers.Remove(name);
        }
    }
}
