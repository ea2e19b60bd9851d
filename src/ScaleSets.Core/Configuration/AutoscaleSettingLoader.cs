using System.Security;
using System.Text.Json.Nodes;
using ScaleSets.Configuration.Kubernetes;

namespace ScaleSets.Configuration;

/// <summary>
/// Loads an autoscale setting from a file: reads it, then validates it, and reports every problem at once. The file is
/// native JSON, an Azure autoscale resource or ARM template (see <see cref="AutoscaleSettingJson.Read(string)"/>), or a
/// Kubernetes <c>HorizontalPodAutoscaler</c> manifest in YAML or JSON; a setting may also be written in YAML.
/// </summary>
public static class AutoscaleSettingLoader
{
    /// <summary>Loads and validates the setting in <paramref name="path"/> with the default options.</summary>
    /// <param name="path">The file path.</param>
    /// <returns>The setting, its format, and the problems of reading and validating it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    public static SettingLoadResult Load(string path) => Load(path, new SettingLoadOptions());

    /// <summary>
    /// Loads and validates the setting in <paramref name="path"/>. Never throws for a missing, unreadable or invalid file:
    /// those become problems of the result, ready to print one per line.
    /// </summary>
    /// <param name="path">The file path.</param>
    /// <param name="instanceLimit">The largest capacity a profile may allow.</param>
    /// <returns>The setting, its format, and the problems of reading and validating it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="instanceLimit"/> is negative.</exception>
    public static SettingLoadResult Load(string path, int instanceLimit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(instanceLimit);
        return Load(path, new SettingLoadOptions { InstanceLimit = instanceLimit });
    }

    /// <summary>
    /// Loads and validates the setting in <paramref name="path"/> with <paramref name="options"/> (an ARM parameters
    /// file, the instance limit). Never throws for a missing, unreadable, undecodable or invalid file: those become
    /// problems of the result. Every problem's path is in the document as written (validation problems included), and a
    /// value that could not be read is reported once: validation problems inside the object holding it are left out.
    /// </summary>
    /// <param name="path">The file path.</param>
    /// <param name="options">The options.</param>
    /// <returns>The setting, its format, and the problems of reading and validating it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The instance limit is negative.</exception>
    public static SettingLoadResult Load(string path, SettingLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.InstanceLimit);
        if (!TryReadText(path, "", out var text, out var problem))
        {
            return new SettingLoadResult(path, null, SettingFormat.Native, [problem!]);
        }

        string? parameters = null;
        if (options.ParametersFile is { } parametersFile && !TryReadText(parametersFile, "the parameters file ", out parameters, out problem))
        {
            return new SettingLoadResult(path, null, SettingFormat.AzureTemplate, [problem! with { FilePath = parametersFile }]);
        }

        var parametersName = options.ParametersFile ?? "";
        var read = IsYaml(path, text) ? ReadYaml(text, parameters, parametersName) : SettingJsonReader.Read(text, parameters, parametersName);
        if (read.Setting is null)
        {
            return new SettingLoadResult(path, null, read.Format, read.Problems);
        }

        var validation = AutoscaleSettingValidator.Validate(read.Setting, options.InstanceLimit);
        var settingPath = SettingPaths.ToDocument("$", read.PathMap);
        var located = validation.Problems
            .Select(p => p with { Path = SettingPaths.ToDocument(p.Path, read.PathMap) })
            .Where(p => !SettingPaths.IsFollowUp(p.Path, read.FailedPaths, settingPath))
            .Select(p => SettingPaths.AtExpression(p, read.ExpressionRoots));
        return new SettingLoadResult(path, read.Setting, read.Format, [.. read.Problems, .. located]);
    }

    private static bool TryReadText(string path, string what, out string text, out SettingProblem? problem)
    {
        text = "";
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > SettingText.MaxBytes)
            {
                problem = new SettingProblem("", $"cannot read {what}'{path}': it holds {info.Length} bytes; a setting file may hold at most {SettingText.MaxBytes}", SettingProblemSeverity.Error);
                return false;
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or SecurityException)
        {
            var reason = e switch
            {
                FileNotFoundException => "the file does not exist",
                DirectoryNotFoundException => "its directory does not exist",
                UnauthorizedAccessException when Directory.Exists(path) => "it is a directory, not a file",
                UnauthorizedAccessException or SecurityException => "access is denied",
                _ => e.Message,
            };
            problem = new SettingProblem("", $"cannot read {what}'{path}': {reason}", SettingProblemSeverity.Error);
            return false;
        }

        if (!SettingText.TryDecode(bytes, out text, out problem))
        {
            problem = problem! with { Message = what + problem.Message };
            return false;
        }

        return true;
    }

    // YAML by its extension; otherwise JSON unless the text cannot start a JSON document.
    private static bool IsYaml(string path, string text)
    {
        var extension = Path.GetExtension(path);
        if (extension.Equals(".yaml", StringComparison.OrdinalIgnoreCase) || extension.Equals(".yml", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var first = text.AsSpan().TrimStart();
        return !extension.Equals(".json", StringComparison.OrdinalIgnoreCase) && first.Length > 0 && first[0] is not ('{' or '[' or '/' or '\uFEFF');
    }

    private static SettingReadResult ReadYaml(string text, string? parameters, string parametersName)
    {
        var problems = new List<SettingProblem>();
        var documents = YamlDocuments.Read(text, problems).Where(d => d is not null).ToList();
        var manifests = documents.Where(d => d is JsonObject o && o["kind"]?.GetValueKind() == System.Text.Json.JsonValueKind.String
            && string.Equals((string?)o["kind"], "HorizontalPodAutoscaler", StringComparison.OrdinalIgnoreCase)).ToList();
        var chosen = manifests.Count == 1 ? manifests[0] : documents.Count == 1 ? documents[0] : null;
        if (chosen is null)
        {
            if (problems.Count == 0)
            {
                problems.Add(new SettingProblem("$", documents.Count == 0
                    ? "the YAML file holds no document"
                    : $"the YAML file holds {documents.Count} documents and {manifests.Count} HorizontalPodAutoscalers; import needs exactly one", SettingProblemSeverity.Error));
            }

            return new SettingReadResult(null, problems, SettingFormat.KubernetesHpa);
        }

        string json;
        try
        {
            json = chosen.ToJsonString();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            problems.Add(new SettingProblem("$", "the YAML document holds text that is not valid Unicode: " + e.Message, SettingProblemSeverity.Error));
            return new SettingReadResult(null, problems, SettingFormat.KubernetesHpa);
        }

        var read = SettingJsonReader.Read(json, parameters, parametersName);
        return new SettingReadResult(read.Setting, [.. problems, .. read.Problems], read.Format)
        {
            PathMap = read.PathMap,
            ExpressionRoots = read.ExpressionRoots,
            FailedPaths = [.. problems.Where(p => p.Severity == SettingProblemSeverity.Error).Select(p => p.Path), .. read.FailedPaths],
        };
    }
}
