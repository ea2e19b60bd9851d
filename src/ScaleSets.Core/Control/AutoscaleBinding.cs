using System.Reactive.Disposables;
using ScaleSets.Engine;

namespace ScaleSets.Control;

/// <summary>
/// Connects a scale set's autoscaler to its controller: every scale action becomes the controller's desired capacity,
/// with the decision's <see cref="Policy.ScaleDecision.Id"/> as the cause, so each instance created, drained or
/// deleted traces back to the decision that caused it. Give the controller the autoscaler as its
/// <see cref="Abstractions.IInstanceWarmupSink"/> so warming instances stay out of the rule statistics.
/// When the controller has no desired capacity yet, the autoscaler's current capacity becomes it, raised to the minimum of
/// the profile in force (so the controller's first pass creates the minimum of a set that starts with fewer instances),
/// with the cause <c>scaleSet#initial</c>.
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
            // The capacity the autoscaler starts from is the first desired capacity, raised to the minimum of the profile in
            // force: a set that starts below it (a host starting with no instances) gets it on the controller's first pass,
            // not a minute later at the first evaluation. The cause says so, and the autoscaler starts from it too.
            var initial = Math.Max(autoscaler.Capacity, autoscaler.CurrentMinimum);
            controller.SetDesiredCapacity(initial, autoscaler.Name + "#initial");
            if (initial != autoscaler.Capacity)
            {
                autoscaler.ReportCapacity(initial);
            }
        }

        // A plain observer, not Rx's Subscribe(Action): Rx disposes an action's subscription the first time it throws, so one
        // capacity the controller refuses (above its MaxInstances, say) would end the binding for good. The engine reports
        // the failure (ObserverFailed) and keeps this observer subscribed.
        var decisions = autoscaler.Decisions.Subscribe(new DecisionForwarder(controller));
        var passes = controller.Passes.Subscribe(result =>
        {
            if (result.CurrentCapacity is { } current && result.DesiredCapacity == controller.DesiredCapacity && current != autoscaler.Capacity)
            {
                autoscaler.ReportCapacity(current);
            }
        });
        return new CompositeDisposable(decisions, passes);
    }

    /// <summary>Forwards each scale action to the controller as its desired capacity, the decision's id as the cause.</summary>
    private sealed class DecisionForwarder(ScaleSetController controller) : IObserver<Policy.ScaleDecision>
    {
        public void OnNext(Policy.ScaleDecision value)
        {
            if (value.IsAction)
            {
                controller.SetDesiredCapacity(value.To, value.Id);
            }
        }

        public void OnError(Exception error)
        {
            // The engine's decision streams never fail.
        }

        public void OnCompleted()
        {
        }
    }
}
