namespace ScaleSets.HyperV.Runner;

/// <summary>What a PowerShell script run produced.</summary>
/// <param name="ExitCode">The exit code: 0 when the script ran, non-zero when the whole call failed.</param>
/// <param name="StandardOutput">Standard output (the script's JSON result).</param>
/// <param name="StandardError">Standard error (diagnostics).</param>
public sealed record PowerShellResult(int ExitCode, string StandardOutput, string StandardError);
