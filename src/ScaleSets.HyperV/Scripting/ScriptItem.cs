namespace ScaleSets.HyperV.Scripting;

/// <summary>The result of one item of a script run.</summary>
/// <param name="Key">The item's key from the request.</param>
/// <param name="Ok">Whether the item succeeded.</param>
/// <param name="Gone">Whether the VM does not exist (a lookup or delete of a VM that is gone).</param>
/// <param name="Vm">The VM after the operation, when reported.</param>
/// <param name="Error">Why it failed.</param>
/// <param name="CleanupError">Why cleaning up after the failure failed too, if it did.</param>
/// <param name="Metrics">The VM's measurements, from the metrics script.</param>
internal sealed record ScriptItem(string Key, bool Ok, bool Gone, HyperVVmRecord? Vm, ScriptError? Error, ScriptError? CleanupError, HyperVVmMetrics? Metrics = null);
