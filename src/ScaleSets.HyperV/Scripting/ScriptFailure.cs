namespace ScaleSets.HyperV.Scripting;

/// <summary>A whole script run failed: it could not start, timed out, exited non-zero or wrote unreadable output.</summary>
/// <param name="Error">What went wrong.</param>
/// <param name="TimedOut">Whether it was killed after <c>HyperVProviderOptions.ScriptTimeout</c>.</param>
/// <param name="ExitCode">The exit code, or -1 when there is none.</param>
internal sealed record ScriptFailure(ScriptError Error, bool TimedOut, int ExitCode);
