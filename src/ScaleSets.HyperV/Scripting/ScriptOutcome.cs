namespace ScaleSets.HyperV.Scripting;

/// <summary>What became of one item submitted to a script: its own result, or the failure of the whole run.</summary>
/// <param name="Item">The item's result, when the run completed.</param>
/// <param name="Failure">The run's failure, when it did not.</param>
internal sealed record ScriptOutcome(ScriptItem? Item, ScriptFailure? Failure);
