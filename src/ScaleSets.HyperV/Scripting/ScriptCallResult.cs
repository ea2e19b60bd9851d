namespace ScaleSets.HyperV.Scripting;

/// <summary>The result of one script run: its items, or the failure of the whole run.</summary>
/// <param name="Items">The per-item results, when the run completed.</param>
/// <param name="Failure">The run's failure, when it did not.</param>
internal sealed record ScriptCallResult(IReadOnlyList<ScriptItem>? Items, ScriptFailure? Failure);
