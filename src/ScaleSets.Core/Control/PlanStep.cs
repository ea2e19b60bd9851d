namespace ScaleSets.Control;

/// <summary>One step of a <see cref="ControllerPlan"/>.</summary>
/// <param name="Kind">What the step does.</param>
/// <param name="Instance">The instance it acts on, or <see langword="null"/> for a set-level event.</param>
/// <param name="Event">The event an <see cref="PlanStepKind.Emit"/> step raises.</param>
/// <param name="Reason">Why a <see cref="PlanStepKind.Remove"/> step removes the instance.</param>
/// <param name="Cause">The cause the step carries.</param>
/// <param name="Text">The event's message, or a removal's why.</param>
internal readonly record struct PlanStep(PlanStepKind Kind, TrackedInstance? Instance, ControllerEventKind Event, InstanceRemovalReason Reason, string? Cause, string? Text);
