using ScaleSets.Control;
using ScaleSets.Policy;

namespace ScaleSets.History;

/// <summary>
/// One entry of the run history: a scale decision with its explanation, or a controller event with the id of the decision
/// that caused it, so that a query by cause id brings a decision and everything it caused back together.
/// </summary>
/// <param name="Time">When it happened (UTC when read back from a store).</param>
/// <param name="ScaleSet">The scale set's name.</param>
/// <param name="Kind">Whether it is a decision or a controller event.</param>
/// <param name="Type">The decision's <see cref="ScaleReason"/> or the event's <see cref="ControllerEventKind"/>, by name.</param>
/// <param name="Id">The decision's id (<c>web#10</c>), or <see langword="null"/> for a controller event.</param>
/// <param name="CauseId">The id of the decision (or controller-made cause such as <c>repair-3</c>) that caused a controller event;
/// <see langword="null"/> for a decision or an event without a cause.</param>
/// <param name="InstanceId">The instance a controller event concerns, or <see langword="null"/>.</param>
/// <param name="From">The capacity before a decision, or <see langword="null"/>.</param>
/// <param name="To">The capacity after a decision, or <see langword="null"/>.</param>
/// <param name="Message">The decision's explanation or the event's description.</param>
public sealed record RunHistoryEntry(
    DateTimeOffset Time,
    string ScaleSet,
    RunHistoryEntryKind Kind,
    string Type,
    string? Id,
    string? CauseId,
    string? InstanceId,
    int? From,
    int? To,
    string Message)
{
    /// <summary>Gets the id that correlates this entry: a decision's own id, or the cause id of a controller event.</summary>
    public string? CorrelationId => Kind == RunHistoryEntryKind.Decision ? Id : CauseId;

    /// <summary>Makes the entry of a scale decision: its id, reason, capacity from → to and its explanation.</summary>
    /// <param name="decision">The decision.</param>
    /// <returns>The entry.</returns>
    public static RunHistoryEntry FromDecision(ScaleDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return new RunHistoryEntry(
            decision.Time,
            decision.ScaleSet,
            RunHistoryEntryKind.Decision,
            decision.Reason.ToString(),
            decision.Id,
            null,
            null,
            decision.From,
            decision.To,
            decision.Explain());
    }

    /// <summary>Makes the entry of a controller event: its kind, instance, cause id and description.</summary>
    /// <param name="controllerEvent">The event.</param>
    /// <returns>The entry.</returns>
    public static RunHistoryEntry FromControllerEvent(ControllerEvent controllerEvent)
    {
        ArgumentNullException.ThrowIfNull(controllerEvent);
        return new RunHistoryEntry(
            controllerEvent.Time,
            controllerEvent.ScaleSetName,
            RunHistoryEntryKind.ControllerEvent,
            controllerEvent.Kind.ToString(),
            null,
            controllerEvent.CauseId,
            controllerEvent.InstanceId,
            null,
            null,
            controllerEvent.Message);
    }
}
