using ScaleSets.Model;

namespace ScaleSets.Configuration;

/// <summary>The outcome of <see cref="AutoscaleSettingJson.Read(string)"/>: the setting as far as it could be read, and every problem met.</summary>
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

    /// <summary>
    /// Gets where the model's paths (as <see cref="AutoscaleSettingValidator"/> reports them) sit in the document: pairs of
    /// a model path prefix and the document path it stands at, longest match first when applied.
    /// </summary>
    internal IReadOnlyList<KeyValuePair<string, string>> PathMap { get; init; } = [];

    /// <summary>Gets the document paths of the values that could not be read (the model kept its defaults there).</summary>
    internal IReadOnlyList<string> FailedPaths { get; init; } = [];

    /// <summary>
    /// Gets the document paths of template expressions that gave an object or array, with their text: what was read
    /// inside is not written in the document, so problems there are reported at the expression.
    /// </summary>
    internal IReadOnlyList<KeyValuePair<string, string>> ExpressionRoots { get; init; } = [];

    /// <summary>Gets whether the document was read without errors (warnings allowed).</summary>
    public bool IsSuccess => Setting is not null && !Problems.Any(p => p.Severity == SettingProblemSeverity.Error);
}
