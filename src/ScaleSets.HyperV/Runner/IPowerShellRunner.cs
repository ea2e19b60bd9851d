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
}
