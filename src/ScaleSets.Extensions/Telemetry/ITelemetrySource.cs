using System.Diagnostics.CodeAnalysis;
using ScaleSets.Control;
using ScaleSets.Engine;
using ScaleSets.Policy;

namespace ScaleSets.Telemetry;

/// <summary>
/// What <see cref="ScaleSetsTelemetry"/> observes: the engine, its decisions and events, and the controllers of the
/// hosted scale sets. The hosting runtime provides it, so telemetry knows nothing of hosting.
/// </summary>
internal interface ITelemetrySource
{
    /// <summary>Gets the engine that evaluates every scale set.</summary>
    AutoscaleEngine Engine { get; }

    /// <summary>Gets the engine's decisions.</summary>
    IObservable<ScaleDecision> Decisions { get; }

    /// <summary>Gets the engine's events.</summary>
    IObservable<AutoscaleEngineEvent> EngineEvents { get; }

    /// <summary>Gets the events of every controller.</summary>
    IObservable<ControllerEvent> ControllerEvents { get; }

    /// <summary>Gets the names of the scale sets with a controller.</summary>
    IReadOnlyList<string> ScaleSetNames { get; }

    /// <summary>Returns the controller of scale set <paramref name="name"/>, when it has one.</summary>
    /// <param name="name">The scale set's name.</param>
    /// <param name="controller">The controller, when found.</param>
    /// <returns><see langword="true"/> when found.</returns>
    bool TryGetController(string name, [NotNullWhen(true)] out ScaleSetController? controller);
}
