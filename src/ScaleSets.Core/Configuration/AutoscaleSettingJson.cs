using ScaleSets.Model;

namespace ScaleSets.Configuration;

/// <summary>
/// Reads and writes autoscale settings as JSON. Reading accepts the native format, Azure autoscale resources (as
/// exported by the portal, <c>az monitor autoscale show</c> or ARM) and ARM templates, detected automatically.
/// </summary>
public static class AutoscaleSettingJson
{
    /// <summary>
    /// Reads a setting from JSON. Never throws on bad content: every problem is reported with its JSONPath (in the
    /// document as given) and, for malformed JSON, its line. Property names and enum values match case-insensitively;
    /// durations are ISO 8601 (<c>PT5M</c>) or <c>hh:mm:ss</c>; numbers may be numeric strings; omitted properties keep
    /// the model's defaults. The result is not validated; use <see cref="AutoscaleSettingValidator"/> or
    /// <see cref="AutoscaleSettingLoader"/>.
    /// </summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The setting as far as it could be read, its format, and every problem.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    public static SettingReadResult Read(string json) => SettingJsonReader.Read(json);

    /// <summary>
    /// Reads a setting from JSON as <see cref="Read(string)"/> does, with an ARM deployment parameters file for a
    /// template: its values are what the template's <c>parameters(…)</c> give before their <c>defaultValue</c>.
    /// </summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="parametersJson">The parameters file's JSON text, or <see langword="null"/> for none.</param>
    /// <returns>The setting as far as it could be read, its format, and every problem.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    public static SettingReadResult Read(string json, string? parametersJson) => SettingJsonReader.Read(json, parametersJson);

    /// <summary>
    /// Writes a setting in the native format, indented, with every property spelled out, so that
    /// <see cref="Read(string)"/> gives back an equal setting.
    /// </summary>
    /// <param name="setting">The setting.</param>
    /// <returns>The JSON text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="setting"/> is <see langword="null"/>.</exception>
    public static string Write(AutoscaleSetting setting) => SettingJsonWriter.Write(setting);
}
