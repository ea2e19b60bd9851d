namespace ScaleSets.Engine;

/// <summary>How long one evaluation of one scale set took, measured on the engine's scheduler (its stopwatch).</summary>
/// <param name="ScaleSet">The scale set evaluated.</param>
/// <param name="Time">The evaluation's nominal time.</param>
/// <param name="Duration">How long the evaluation ran.</param>
/// <param name="Succeeded">Whether it produced a decision; <see langword="false"/> when it failed (see <see cref="AutoscaleEngineEventKind.EvaluationFailed"/>).</param>
public readonly record struct EvaluationTiming(string ScaleSet, DateTimeOffset Time, TimeSpan Duration, bool Succeeded);
