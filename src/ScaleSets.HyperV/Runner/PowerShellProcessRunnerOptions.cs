namespace ScaleSets.HyperV.Runner;

/// <summary>How <see cref="PowerShellProcessRunner"/> starts PowerShell.</summary>
public sealed class PowerShellProcessRunnerOptions
{
    /// <summary>Gets or sets the executable.</summary>
    /// <value>The default is <c>pwsh</c> (PowerShell 7 on PATH).</value>
    public string Executable { get; set; } = "pwsh";

    /// <summary>Gets the arguments placed before <c>-File &lt;script&gt;</c>.</summary>
    /// <value>The default is <c>-NoProfile -NonInteractive</c>.</value>
    public IList<string> LeadingArguments { get; } = new List<string> { "-NoProfile", "-NonInteractive" };

    /// <summary>Gets or sets the working directory of the child, or <see langword="null"/> for the current one.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? WorkingDirectory { get; set; }

    /// <summary>Gets environment variables set for the child (a <see langword="null"/> value removes one). <c>NO_COLOR</c> is always set.</summary>
    /// <value>The default is none.</value>
    public IDictionary<string, string?> Environment { get; } = new Dictionary<string, string?>(StringComparer.Ordinal);

    /// <summary>Returns options for Windows PowerShell 5.1: <c>powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass</c>.</summary>
    /// <returns>The options.</returns>
    public static PowerShellProcessRunnerOptions WindowsPowerShell()
    {
        var options = new PowerShellProcessRunnerOptions { Executable = "powershell.exe" };
        options.LeadingArguments.Add("-ExecutionPolicy");
        options.LeadingArguments.Add("Bypass");
        return options;
    }

    /// <summary>Returns every problem with these options.</summary>
    /// <returns>The problems; empty when the options are valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Executable))
        {
            errors.Add("PowerShellProcessRunnerOptions.Executable: is required (for example pwsh or powershell.exe).");
        }

        for (var i = 0; i < LeadingArguments.Count; i++)
        {
            if (LeadingArguments[i] is null)
            {
                errors.Add($"PowerShellProcessRunnerOptions.LeadingArguments[{i.ToString(System.Globalization.CultureInfo.InvariantCulture)}]: must not be null.");
            }
        }

        return errors;
    }
}
