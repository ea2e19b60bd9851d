using System.Reactive.Disposables;
using System.Reactive.Linq;
using ScaleSets.Engine;

namespace ScaleSets.Control;

/// <summary>
/// Connects a scale set's autoscaler to its controller: every scale action becomes the controller's desired capacity,
/// with the decision's <see cref="Policy.ScaleDecision.Id"/> as the cause, so each instance created, drained or
/// deleted traces back to the decision that caused it. Give the controller the autoscaler as its
/// <see cref="Abstractions.IInstanceWarmupSink"/> so warming instances stay out of the rule statistics.
/// When the controller has no desired capacity yet, the autoscaler's current capacity becomes it, with the cause
/// <c>scaleSet#initial</c>.
/// </summary>
/// <remarks>
/// The autoscaler's current capacity follows the scale set, as Azure autoscale reads the scale set's capacity and HPA the
/// scale subresource: after every pass the controller's <see cref="ReconcileResult.CurrentCapacity"/> (its desired capacity,
/// or the instances in service when a scale-out could not complete) is reported with
/// <see cref="ScaleSetAutoscaler.ReportCapacity"/> when it differs, so a capacity set by hand, a strict zone that blocks a
/// scale-out or a provider quota is what the next evaluation starts from. A pass whose desired capacity was replaced
/// before its result arrived reports nothing.
/// </remarks>
public static class AutoscaleBinding
{
    /// <summary>Binds <paramref name="autoscaler"/>'s decisions to <paramref name="controller"/>.</summary>
    /// <param name="autoscaler">The engine's scale set.</param>
    /// <param name="controller">The controller of the same scale set.</param>
    /// <returns>The binding; dispose it to stop forwarding decisions.</returns>
    public static IDisposable Bind(ScaleSetAutoscaler autoscaler, ScaleSetController controller)
    {
        ArgumentNullException.ThrowIfNull(autoscaler);
        ArgumentNullException.ThrowIfNull(controller);
        if (controller.DesiredCapacity is null)
        {
            // The capacity the autoscaler starts from is the first desired capacity; its cause says so.
            controller.SetDesiredCapacity(autoscaler.Capacity, autoscaler.Name + "#initial");
        }

        var decisions = autoscaler.Decisions
            .Where(decision => decision.IsAction)
            .Subscribe(decision => controller.SetDesiredCapacity(decision.To, decision.Id));
        var passes = controller.Passes.Subscribe(result =>
        {
            if (result.CurrentCapacity is { } current && result.DesiredCapacity == controller.DesiredCapacity && current != autoscaler.Capacity)
            {
                autoscaler.ReportCapacity(current);
            }
        });
        return new CompositeDisposable(decisions, passes);
    }
}
