namespace ScaleSets.Engine;

/// <summary>One condition of a scale set's status, as <c>kubectl describe hpa</c> shows them.</summary>
/// <param name="Type">Which condition.</param>
/// <param name="Status">Whether it holds.</param>
/// <param name="Reason">A short machine-readable reason, for example <c>ReadyForNewScale</c>, <c>Cooldown</c>, <c>TooManyReplicas</c>.</param>
/// <param name="Message">A sentence an operator reads.</param>
public sealed record ScaleSetCondition(ScaleSetConditionType Type, bool Status, string Reason, string Message);
