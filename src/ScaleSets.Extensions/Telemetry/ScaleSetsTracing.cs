using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using ScaleSets.Control;
using ScaleSets.Policy;

namespace ScaleSets.Telemetry;

/// <summary>
/// Turns decisions and controller events into activities of the <c>ScaleSets</c> <see cref="ActivitySource"/>. Events are points
/// in time on the engine's clock (often virtual), so each activity starts at the event's time and lasts one tick; a controller
/// action whose cause id is a recent decision's id becomes that decision's child and links to it.
/// </summary>
internal sealed class ScaleSetsTracing
{
    /// <summary>How many decisions' contexts are kept for linking; the oldest is forgotten first.</summary>
    internal const int MaxRememberedDecisions = 1024;

    internal static readonly ActivitySource Source = new(
        ScaleSetsActivities.SourceName,
        typeof(ScaleSetsTracing).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, ActivityContext> _decisions = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    /// <summary>Gets how many decisions' contexts are remembered now.</summary>
    internal int RememberedDecisions
    {
        get
        {
            lock (_gate)
            {
                return _decisions.Count;
            }
        }
    }

    public void OnDecision(ScaleDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (!decision.IsAction && decision.Wanted == decision.From)
        {
            return;
        }

        if (!Source.HasListeners())
        {
            return;
        }

        using var activity = Source.StartActivity(
            ActivityKind.Internal,
            parentContext: default,
            tags: null,
            links: null,
            startTime: decision.Time,
            name: ScaleSetsActivities.Evaluation);
        if (activity is null)
        {
            return;
        }

        activity.DisplayName = string.Create(CultureInfo.InvariantCulture, $"evaluate {decision.ScaleSet}");
        activity.SetTag(ScaleSetsActivities.ScaleSetTag, decision.ScaleSet);
        activity.SetTag(ScaleSetsActivities.DecisionIdTag, decision.Id);
        activity.SetTag(ScaleSetsActivities.DirectionTag, decision.Direction.ToString());
        activity.SetTag(ScaleSetsActivities.ReasonTag, decision.Reason.ToString());
        activity.SetTag(ScaleSetsActivities.FromTag, decision.From);
        activity.SetTag(ScaleSetsActivities.ToTag, decision.To);
        activity.SetTag(ScaleSetsActivities.WantedTag, decision.Wanted);
        if (!decision.IsAction)
        {
            activity.SetTag(ScaleSetsActivities.BlockedTag, decision.Blocked.ToString());
        }

        Remember(decision.Id, activity.Context);
        End(activity, decision.Time);
    }

    public void OnControllerEvent(ControllerEvent controllerEvent)
    {
        ArgumentNullException.ThrowIfNull(controllerEvent);
        if (!Source.HasListeners())
        {
            return;
        }

        var cause = controllerEvent.CauseId is { } causeId ? Recall(causeId) : default;
        using var activity = Source.StartActivity(
            ActivityKind.Internal,
            parentContext: cause,
            tags: null,
            links: cause == default ? null : [new ActivityLink(cause)],
            startTime: controllerEvent.Time,
            name: ScaleSetsActivities.ControllerAction);
        if (activity is null)
        {
            return;
        }

        activity.DisplayName = string.Create(CultureInfo.InvariantCulture, $"{controllerEvent.Kind} {controllerEvent.ScaleSetName}");
        activity.SetTag(ScaleSetsActivities.ScaleSetTag, controllerEvent.ScaleSetName);
        activity.SetTag(ScaleSetsActivities.KindTag, controllerEvent.Kind.ToString());
        if (controllerEvent.InstanceId is { } instance)
        {
            activity.SetTag(ScaleSetsActivities.InstanceTag, instance);
        }

        if (controllerEvent.CauseId is { } id)
        {
            activity.SetTag(ScaleSetsActivities.CauseIdTag, id);
        }

        if (ScaleSetsTelemetry.IsProblem(controllerEvent.Kind))
        {
            activity.SetStatus(ActivityStatusCode.Error, controllerEvent.Message);
        }

        End(activity, controllerEvent.Time);
    }

    // Activity.Stop would stamp a zero-length activity with the wall clock; one tick keeps the event's own (virtual) time.
    private static void End(Activity activity, DateTimeOffset time)
    {
        activity.SetEndTime(time.UtcDateTime.AddTicks(1));
    }

    internal void Remember(string decisionId, ActivityContext context)
    {
        lock (_gate)
        {
            if (_decisions.TryAdd(decisionId, context))
            {
                _order.Enqueue(decisionId);
                while (_order.Count > MaxRememberedDecisions)
                {
                    _decisions.Remove(_order.Dequeue());
                }
            }
        }
    }

    internal ActivityContext Recall(string causeId)
    {
        lock (_gate)
        {
            return _decisions.TryGetValue(causeId, out var context) ? context : default;
        }
    }
}
