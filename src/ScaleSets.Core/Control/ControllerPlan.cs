namespace ScaleSets.Control;

/// <summary>
/// What a planner decided, as steps in the order they are to happen: the events to raise, the removals to start and the flags
/// to set on instances. Planners only read instances; the controller applies the plan under its gate.
/// </summary>
internal sealed class ControllerPlan
{
    private readonly List<PlanStep> _steps = [];

    public IReadOnlyList<PlanStep> Steps => _steps;

    public bool IsEmpty => _steps.Count == 0;

    public void Emit(ControllerEventKind kind, TrackedInstance? instance, string? cause, string message) =>
        _steps.Add(new PlanStep(PlanStepKind.Emit, instance, kind, InstanceRemovalReason.None, cause, message));

    public void Remove(TrackedInstance instance, InstanceRemovalReason reason, string? cause, string why) =>
        _steps.Add(new PlanStep(PlanStepKind.Remove, instance, default, reason, cause, why));

    public void Set(PlanStepKind kind, TrackedInstance instance, string? cause = null) =>
        _steps.Add(new PlanStep(kind, instance, default, InstanceRemovalReason.None, cause, null));

    /// <summary>Applies the steps in order; under the gate.</summary>
    public void Apply(ControllerGate gate)
    {
        foreach (var s in _steps)
        {
            var t = s.Instance;
            switch (s.Kind)
            {
                case PlanStepKind.Emit:
                    gate.Emit(s.Event, t?.Id, s.Cause, s.Text!);
                    break;
                case PlanStepKind.Remove:
                    RemovalPipeline.Start(gate, t!, s.Reason, s.Cause, s.Text!);
                    break;
                case PlanStepKind.MarkSurge:
                    t!.SurgeReplacePending = true;
                    break;
                case PlanStepKind.ClearSurge:
                    t!.SurgeReplacePending = false;
                    break;
                case PlanStepKind.ClearRepairPending:
                    t!.RepairPending = false;
                    break;
                case PlanStepKind.SetCause:
                    t!.CauseId = s.Cause;
                    break;
            }
        }
    }
}
