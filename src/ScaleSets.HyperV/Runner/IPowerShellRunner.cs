namespace ScaleSets.HyperV.Runner;

/// <summary>
/// Runs one of the provider's PowerShell scripts with its arguments. The default, <see cref="PowerShellProcessRunner"/>, starts
/// <c>pwsh</c> or <c>powershell.exe</c> as a child process; implement this interface to run the scripts elsewhere, for example
/// through remoting (<c>Invoke-Command -ComputerName … -FilePath … -ArgumentList …</c>) or an in-process runspace.
/// </summary>
public interface IPowerShellRunner
{
    /// <summary>Runs <paramref name="script"/> with <paramref name="arguments"/> passed as separate arguments, never composed into script text.</summary>
    /// <param name="script">The script: its name, a local path to it and its text.</param>
    /// <param name="arguments">The script's positional arguments.</param>
    /// <param name="cancellationToken">Cancels the run; the runner must then stop the script (kill the process) and throw <see cref="OperationCanceledException"/>.</param>
    /// <returns>The exit code and the output.</returns>
    /// <exception cref="Abstractions.ProviderOperationException">PowerShell could not be started.</exception>
    Task<PowerShellResult> RunAsync(PowerShellScript script, IReadOnlyList<string> arguments, CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="script"/> with <paramref name="standardInput"/> written to its standard input, which the
    /// provider uses for its requests: a command line is bounded (about 128 KB per argument on Linux, 32 KB in all on
    /// Windows), standard input is not. The shipped scripts read their request from their first argument when one is
    /// given, and from standard input otherwise. The default implementation, for runners that cannot write standard
    /// input (remoting through <c>Invoke-Command -ArgumentList</c>), passes it as the last argument instead, so it stays
    /// bounded by the command line; <see cref="PowerShellProcessRunner"/> writes standard input.
    /// </summary>
    /// <param name="script">The script.</param>
    /// <param name="arguments">The script's positional arguments, before the input.</param>
    /// <param name="standardInput">The text for standard input (the request as Base64 UTF-8 JSON).</param>
    /// <param name="cancellationToken">Cancels the run, as for <see cref="RunAsync"/>.</param>
    /// <returns>The exit code and the output.</returns>
    /// <exception cref="Abstractions.ProviderOperationException">PowerShell could not be started.</exception>
    Task<PowerShellResult> RunWithInputAsync(PowerShellScript script, IReadOnlyList<string> arguments, string standardInput, CancellationToken cancellationToken) =>
        RunAsync(script, [.. arguments, standardInput], cancellationToken);
}
