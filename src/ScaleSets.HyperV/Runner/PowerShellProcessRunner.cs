using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using ScaleSets.Abstractions;

namespace ScaleSets.HyperV.Runner;

/// <summary>
/// Runs scripts in a PowerShell child process: <c>&lt;executable&gt; &lt;leading arguments&gt; -File &lt;script&gt; &lt;arguments&gt;</c>,
/// every argument passed through <see cref="ProcessStartInfo.ArgumentList"/>, the input of <see cref="RunWithInputAsync"/> on standard input, output read as UTF-8, <c>NO_COLOR</c> set so
/// errors carry no colour codes. Cancelling kills the process tree.
/// </summary>
public sealed class PowerShellProcessRunner : IPowerShellRunner
{
    /// <summary>E2BIG: the arguments are longer than the operating system allows.</summary>
    private const int ArgumentListTooLong = 7;

    private readonly PowerShellProcessRunnerOptions _options;

    /// <summary>Initializes a new instance of the <see cref="PowerShellProcessRunner"/> class.</summary>
    /// <param name="options">How to start PowerShell; <see cref="PowerShellProcessRunnerOptions.Environment"/> is read at every run.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public PowerShellProcessRunner(PowerShellProcessRunnerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        _options = options;
    }

    /// <inheritdoc />
    public Task<PowerShellResult> RunAsync(PowerShellScript script, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        RunCoreAsync(script, arguments, null, cancellationToken);

    /// <inheritdoc />
    public Task<PowerShellResult> RunWithInputAsync(PowerShellScript script, IReadOnlyList<string> arguments, string standardInput, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(standardInput);
        return RunCoreAsync(script, arguments, standardInput, cancellationToken);
    }

    private async Task<PowerShellResult> RunCoreAsync(PowerShellScript script, IReadOnlyList<string> arguments, string? standardInput, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(arguments);
        var info = new ProcessStartInfo(_options.Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
        };
        if (_options.WorkingDirectory is not null)
        {
            info.WorkingDirectory = _options.WorkingDirectory;
        }

        foreach (var argument in _options.LeadingArguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.ArgumentList.Add("-File");
        info.ArgumentList.Add(script.Path);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in _options.Environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        info.Environment["NO_COLOR"] = "1";

        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex) when (ex.NativeErrorCode == ArgumentListTooLong)
        {
            throw new ProviderOperationException(
                $"The command line to run {script.Name} is too long for the operating system ({ex.Message}): pass large requests on standard input (RunWithInputAsync) rather than as arguments.",
                ex);
        }
        catch (Win32Exception ex)
        {
            throw new ProviderOperationException(
                $"PowerShell is not available: could not start '{_options.Executable}' to run {script.Name} ({ex.Message}). Install PowerShell or set PowerShellProcessRunnerOptions.Executable.",
                ex);
        }

        // Output is read while the input is written, so a script that answers before reading all of it cannot block us.
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            if (standardInput is not null)
            {
                try
                {
                    await process.StandardInput.WriteAsync(standardInput.AsMemory(), cancellationToken).ConfigureAwait(false);
                    await process.StandardInput.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (IOException)
                {
                    // The script exited without reading all of its input; its exit code and output say why.
                }
            }

            process.StandardInput.Close();
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return new PowerShellResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited on its own meanwhile.
            }

            throw;
        }
    }
}
