namespace ScaleSets.Control;

/// <summary>What one step of a <see cref="ControllerPlan"/> does.</summary>
internal enum PlanStepKind
{
    /// <summary>Raise an event.</summary>
    Emit,

    /// <summary>Start removing an instance.</summary>
    Remove,

    /// <summary>Keep an outdated instance until its surge replacement is ready.</summary>
    MarkSurge,

    /// <summary>Stop keeping an outdated instance for a surge replacement.</summary>
    ClearSurge,

    /// <summary>Stop waiting for a repair's outcome: it was judged.</summary>
    ClearRepairPending,

    /// <summary>Give an instance a new cause (a repair acting on it).</summary>
    SetCause,
}
