using System.Globalization;
using System.Text;

namespace ScaleSets.Configuration;

/// <summary>One problem found while reading or validating an autoscale setting.</summary>
/// <param name="Path">
/// Where the problem is, JSONPath-like (<c>$.profiles[0].rules[1].metricTrigger.timeWindow</c>); an empty string for
/// problems with the file itself.
/// </param>
/// <param name="Message">A plain description a user can act on.</param>
/// <param name="Severity">Whether the problem makes the setting unusable.</param>
public sealed record SettingProblem(string Path, string Message, SettingProblemSeverity Severity)
{
    /// <summary>Gets the 1-based line in the JSON text, when known (malformed JSON).</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public int? Line { get; init; }

    /// <summary>
    /// Gets the file <see cref="Path"/> is in when it is not the setting's own document: an ARM parameters file, named as
    /// it was given to <see cref="AutoscaleSettingLoader"/> (<c>parameters</c> when its text was given to
    /// <see cref="AutoscaleSettingJson.Read(string, string?)"/>).
    /// </summary>
    /// <value>The default is <see langword="null"/>: the path is in the setting's document.</value>
    public string? FilePath { get; init; }

    /// <summary>
    /// Formats the problem for printing, for example <c>error at $.profiles[0].capacity.maximum: …</c>, or
    /// <c>error in 'web.parameters.json' at $.parameters.maximum: …</c> for a problem of another file.
    /// </summary>
    /// <returns>The severity, the location and the message on one line.</returns>
    public override string ToString()
    {
        var text = new StringBuilder(Severity == SettingProblemSeverity.Error ? "error" : "warning");
        if (FilePath is { } file)
        {
            text.Append(" in '").Append(file).Append('\'');
        }

        if (Path.Length > 0)
        {
            text.Append(" at ").Append(Path);
            if (Line is { } line)
            {
                text.Append(CultureInfo.InvariantCulture, $" (line {line})");
            }
        }
        else if (Line is { } line)
        {
            text.Append(CultureInfo.InvariantCulture, $" at line {line}");
        }

        return text.Append(": ").Append(Message).ToString();
    }
}
