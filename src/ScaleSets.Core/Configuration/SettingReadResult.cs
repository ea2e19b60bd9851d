using ScaleSets.Model;

namespace ScaleSets.Configuration;

/// <summary>The outcome of <see cref="AutoscaleSettingJson.Read"/>: the setting as far as it could be read, and every problem met.</summary>
public sealed class SettingReadResult
{
    internal SettingReadResult(AutoscaleSetting? setting, IReadOnlyList<SettingProblem> problems, SettingFormat format)
    {
        Setting = setting;
        Problems = problems;
        Format = format;
    }

    /// <summary>
    /// Gets the setting read, or <see langword="null"/> when the document could not be understood at all (malformed
    /// JSON, not an object, no autoscale resource in a template). Parts with errors keep the model's defaults.
    /// </summary>
    public AutoscaleSetting? Setting { get; }

    /// <summary>Gets the problems met while reading, in document order.</summary>
    public IReadOnlyList<SettingProblem> Problems { get; }

    /// <summary>Gets the format the document was recognised as.</summary>
    public SettingFormat Format { get; }

    /// <summary>Gets whether the document was read without errors (warnings allowed).</summary>
    public bool IsSuccess => Setting is not null && !Problems.Any(p => p.Severity == SettingProblemSeverity.Error);
}
