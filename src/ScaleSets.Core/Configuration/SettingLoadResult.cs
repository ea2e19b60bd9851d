using ScaleSets.Model;

namespace ScaleSets.Configuration;

/// <summary>The outcome of <see cref="AutoscaleSettingLoader"/>: the setting, and the problems of reading and validating it.</summary>
public sealed class SettingLoadResult
{
    internal SettingLoadResult(string filePath, AutoscaleSetting? setting, SettingFormat format, IReadOnlyList<SettingProblem> problems)
    {
        FilePath = filePath;
        Setting = setting;
        Format = format;
        Problems = problems;
    }

    /// <summary>Gets the path of the file that was loaded, as given.</summary>
    public string FilePath { get; }

    /// <summary>Gets the setting, or <see langword="null"/> when the file could not be read or understood at all.</summary>
    public AutoscaleSetting? Setting { get; }

    /// <summary>Gets the format the file was recognised as.</summary>
    public SettingFormat Format { get; }

    /// <summary>Gets the problems of reading and validating, reading problems first.</summary>
    public IReadOnlyList<SettingProblem> Problems { get; }

    /// <summary>Gets whether the setting was read and has no errors (warnings allowed).</summary>
    public bool IsValid => Setting is not null && !Problems.Any(p => p.Severity == SettingProblemSeverity.Error);

    /// <summary>Returns the setting when it is valid, and throws otherwise.</summary>
    /// <returns>The valid setting.</returns>
    /// <exception cref="AutoscaleSettingException">The setting could not be loaded or has errors; the exception carries every problem.</exception>
    public AutoscaleSetting ThrowIfInvalid()
    {
        if (!IsValid || Setting is null)
        {
            throw new AutoscaleSettingException(FilePath, Problems);
        }

        return Setting;
    }
}
