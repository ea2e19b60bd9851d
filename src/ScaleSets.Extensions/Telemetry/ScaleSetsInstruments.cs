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

    /// <summary>Histogram of how long one evaluation of one scale set took, in seconds; tag <see cref="ScaleSetTag"/>.</summary>
    public const string EvaluationDuration = "scalesets.evaluation.duration";

    /// <summary>Observable counter of samples that entered at least one rule's series; tag <see cref="ScaleSetTag"/>.</summary>
    public const string SamplesIngested = "scalesets.samples.ingested";

    /// <summary>
    /// Histogram of how long a call to the compute provider or load balancer took, in seconds, measured on the host's
    /// <see cref="TimeProvider"/>; tags <see cref="ScaleSetTag"/>, <see cref="OperationTag"/>, <see cref="OutcomeTag"/>
    /// (<c>success</c>, <c>partial</c> when some items of a batch failed, <c>failure</c> or <c>cancelled</c>).
    /// </summary>
    public const string ProviderCallDuration = "scalesets.provider.duration";

    /// <summary>
    /// Counter of failed provider calls and failed items of batch calls; tags <see cref="ScaleSetTag"/>, <see cref="OperationTag"/>,
    /// <see cref="FailureTag"/> (<c>Transient</c>, <c>Permanent</c> or <c>Unexpected</c> for an exception other than a provider error).
    /// </summary>
    public const string ProviderCallFailures = "scalesets.provider.failures";

    /// <summary>
    /// Histogram of the absolute percentage error of a predictive policy's forecast for a grain against the value observed,
    /// in percent (grains whose observed value is zero are left out); tag <see cref="ScaleSetTag"/>.
    /// </summary>
    public const string ForecastError = "scalesets.forecast.error";

    /// <summary>Counter of refused changes (published decisions that did not reach what the rules wanted); tags <see cref="ScaleSetTag"/>, <see cref="BlockedTag"/>.</summary>
    public const string DecisionsBlocked = "scalesets.decisions.blocked";

    /// <summary>Observable gauge of the value each rule of the active profile observed at its latest evaluation (as KEDA exports its scalers' metrics); tags <see cref="ScaleSetTag"/>, <see cref="RuleTag"/>, <see cref="MetricTag"/>.</summary>
    public const string RuleObserved = "scalesets.rule.observed";

    /// <summary>Observable gauge of each rule's threshold or target; tags <see cref="ScaleSetTag"/>, <see cref="RuleTag"/>, <see cref="MetricTag"/>.</summary>
    public const string RuleThreshold = "scalesets.rule.threshold";

    /// <summary>What refused a change (a <c>ScaleBlockReason</c> name: <c>Cooldown</c>, <c>Flapping</c>, …).</summary>
    public const string BlockedTag = "blocked";

    /// <summary>The rule's name.</summary>
    public const string RuleTag = "rule";

    /// <summary>The rule's metric name.</summary>
    public const string MetricTag = "metric";

    /// <summary>The scale set's name.</summary>
    public const string ScaleSetTag = "scale_set";

    /// <summary>
    /// The provider operation: <c>create</c>, <c>list</c>, <c>start</c>, <c>stop</c>, <c>restart</c>, <c>reimage</c>, <c>delete</c> (compute);
    /// <c>register</c>, <c>ready</c>, <c>drain</c>, <c>remove</c>, <c>list_members</c> (load balancer).
    /// </summary>
    public const string OperationTag = "operation";

    /// <summary>How a failed provider call or item failed.</summary>
    public const string FailureTag = "failure";

    /// <summary>The direction of a decision: <c>Out</c>, <c>In</c> or <c>None</c> (blocked).</summary>
    public const string DirectionTag = "direction";

    /// <summary>The reason of a decision (a <c>ScaleReason</c> name).</summary>
    public const string ReasonTag = "reason";

    /// <summary>What kind of event (an enum member name).</summary>
    public const string KindTag = "kind";

    /// <summary>Whether a setting change was applied or rejected; how a provider call ended.</summary>
    public const string OutcomeTag = "outcome";
}
