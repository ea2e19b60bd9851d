namespace ScaleSets.Telemetry;

/// <summary>
/// The names of the <c>ScaleSets</c> activity source, its activities and their tags. An evaluation that changed or wanted to
/// change a scale set's capacity is one <see cref="Evaluation"/> activity; everything a controller did because of it is a
/// <see cref="ControllerAction"/> activity that is its child and links to it, so one trace shows a decision and what it caused.
/// </summary>
public static class ScaleSetsActivities
{
    /// <summary>The activity source's name, to subscribe to (for example <c>AddSource("ScaleSets")</c> in OpenTelemetry).</summary>
    public const string SourceName = "ScaleSets";

    /// <summary>The operation name of an evaluation's activity.</summary>
    public const string Evaluation = "scalesets.evaluation";

    /// <summary>The operation name of a controller action's activity.</summary>
    public const string ControllerAction = "scalesets.controller.action";

    /// <summary>The scale set's name.</summary>
    public const string ScaleSetTag = "scalesets.scale_set";

    /// <summary>The decision's id (<c>name#sequence</c>), on an evaluation.</summary>
    public const string DecisionIdTag = "scalesets.decision.id";

    /// <summary>The decision's direction (<c>Out</c>, <c>In</c> or <c>None</c>).</summary>
    public const string DirectionTag = "scalesets.decision.direction";

    /// <summary>The decision's reason (a <c>ScaleReason</c> name).</summary>
    public const string ReasonTag = "scalesets.decision.reason";

    /// <summary>What blocked the wanted change (a <c>ScaleBlockReason</c> name), on an evaluation that did not act.</summary>
    public const string BlockedTag = "scalesets.decision.blocked";

    /// <summary>The capacity before the decision.</summary>
    public const string FromTag = "scalesets.capacity.from";

    /// <summary>The capacity the decision set.</summary>
    public const string ToTag = "scalesets.capacity.to";

    /// <summary>The capacity the rules wanted before limits and blocks.</summary>
    public const string WantedTag = "scalesets.capacity.wanted";

    /// <summary>What the controller did (a <c>ControllerEventKind</c> name).</summary>
    public const string KindTag = "scalesets.controller.kind";

    /// <summary>The instance the controller acted on, when there is one.</summary>
    public const string InstanceTag = "scalesets.instance.id";

    /// <summary>The id of the decision (or controller-made cause such as <c>repair-3</c>) behind a controller action.</summary>
    public const string CauseIdTag = "scalesets.cause.id";
}
