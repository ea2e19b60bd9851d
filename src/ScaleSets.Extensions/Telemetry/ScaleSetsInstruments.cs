namespace ScaleSets.Telemetry;

/// <summary>The names of the <c>ScaleSets</c> meter, its instruments and their tags.</summary>
public static class ScaleSetsInstruments
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "ScaleSets";

    /// <summary>Counter of scale decisions (actions and blocked changes); tags <see cref="ScaleSetTag"/>, <see cref="DirectionTag"/>, <see cref="ReasonTag"/>.</summary>
    public const string Decisions = "scalesets.decisions";

    /// <summary>Gauge of the capacity a scale set had before its latest decision; tag <see cref="ScaleSetTag"/>.</summary>
    public const string CurrentCapacity = "scalesets.capacity.current";

    /// <summary>Gauge of the capacity a scale set's latest decision asked for; tag <see cref="ScaleSetTag"/>.</summary>
    public const string DesiredCapacity = "scalesets.capacity.desired";

    /// <summary>Counter of samples rejected or dropped (not finite, out of range, late, in the future, unnamed); tag <see cref="ScaleSetTag"/>.</summary>
    public const string SamplesRejected = "scalesets.samples.rejected";

    /// <summary>Counter of metric sources that faulted or completed; tags <see cref="ScaleSetTag"/>, <see cref="KindTag"/>.</summary>
    public const string SourcesTerminated = "scalesets.sources.terminated";

    /// <summary>Counter of evaluations that failed unexpectedly; tag <see cref="ScaleSetTag"/>.</summary>
    public const string EvaluationFailures = "scalesets.evaluation.failures";

    /// <summary>Counter of run-time setting changes; tags <see cref="ScaleSetTag"/>, <see cref="OutcomeTag"/> (<c>applied</c> or <c>rejected</c>).</summary>
    public const string SettingUpdates = "scalesets.setting.updates";

    /// <summary>Counter of controller events (instances created, deleted, repaired, errors…); tags <see cref="ScaleSetTag"/>, <see cref="KindTag"/>.</summary>
    public const string ControllerEvents = "scalesets.controller.events";

    /// <summary>Observable gauge of the instances a controller tracks; tag <see cref="ScaleSetTag"/>.</summary>
    public const string Instances = "scalesets.instances";

    /// <summary>The scale set's name.</summary>
    public const string ScaleSetTag = "scale_set";

    /// <summary>The direction of a decision: <c>Out</c>, <c>In</c> or <c>None</c> (blocked).</summary>
    public const string DirectionTag = "direction";

    /// <summary>The reason of a decision (a <c>ScaleReason</c> name).</summary>
    public const string ReasonTag = "reason";

    /// <summary>What kind of event (an enum member name).</summary>
    public const string KindTag = "kind";

    /// <summary>Whether a setting change was applied or rejected.</summary>
    public const string OutcomeTag = "outcome";
}
