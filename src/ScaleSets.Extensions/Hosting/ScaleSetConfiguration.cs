using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using ScaleSets.Abstractions;
using ScaleSets.Configuration;

namespace ScaleSets.Hosting;

/// <summary>
/// Reads a scale set's options from a configuration section. The <c>Setting</c> section is turned back into JSON and
/// read by <see cref="AutoscaleSettingJson"/>, so configuration uses the setting file format (and its problems name the
/// configuration path); the controller options are bound with the configuration binder.
/// </summary>
internal static class ScaleSetConfiguration
{
    public static void Apply(ScaleSetOptions options, IConfigurationSection section, string scaleSet)
    {
        options.Origin = section.Path;
        if (section.GetValue<string?>(nameof(ScaleSetOptions.SettingFile)) is { Length: > 0 } file)
        {
            options.SettingFile = file;
        }

        if (section.GetValue<string?>(nameof(ScaleSetOptions.SettingParametersFile)) is { Length: > 0 } parametersFile)
        {
            options.SettingParametersFile = parametersFile;
        }

        var setting = section.GetSection(nameof(ScaleSetOptions.Setting));
        if (setting.Exists())
        {
            var read = AutoscaleSettingJson.Read(ToJson(setting));
            Collect(options, read.Problems, problem => Locate(setting.Path, problem.Path));
            options.Setting = read.IsSuccess ? read.Setting : null;
        }

        if (section.GetSection(nameof(ScaleSetOptions.InitialCapacity)) is { Value: { } initial })
        {
            options.InitialCapacity = int.TryParse(initial, NumberStyles.Integer, CultureInfo.InvariantCulture, out var capacity)
                ? capacity
                : Fail(options, $"{section.Path}:InitialCapacity: '{initial}' is not a whole number.");
        }

        if (section.GetSection(nameof(ScaleSetOptions.AutoscalerStateDirectory)) is { Value: { Length: > 0 } stateDirectory })
        {
            options.AutoscalerStateDirectory = stateDirectory;
        }

        var model = section.GetSection(nameof(ScaleSetOptions.Model));
        if (model.Exists())
        {
            options.Model = ReadModel(model, options.Model);
        }

        ReadSources(options, section, scaleSet);

        var controller = section.GetSection(nameof(ScaleSetOptions.Controller));
        if (controller.Exists())
        {
            // The binder appends to a list that already has items, so the default zone must go before the configured ones come in.
            if (controller.GetSection(nameof(options.Controller.Zones)).GetChildren().Any())
            {
                options.Controller.Zones.Clear();
            }

            try
            {
                controller.Bind(options.Controller);
            }
            catch (InvalidOperationException ex)
            {
                options.ReadErrors.Add($"{controller.Path}: {ex.Message}");
            }
        }
    }

    /// <summary>
    /// Reads <see cref="ScaleSetOptions.SettingFile"/> (with <see cref="ScaleSetOptions.SettingParametersFile"/>) when a
    /// file is named and no setting was given otherwise. Every problem names the key and the file it is in, then its
    /// JSON path there: <c>ScaleSets:web:SettingFile 'autoscale.json' $.resources[0].properties.profiles[0].capacity: …</c>.
    /// </summary>
    public static void LoadSettingFile(ScaleSetOptions options, int instanceLimit)
    {
        var settingKey = Key(options, nameof(ScaleSetOptions.SettingFile));
        var parametersKey = Key(options, nameof(ScaleSetOptions.SettingParametersFile));
        if (options.SettingParametersFile is { Length: > 0 } unused && (options.SettingFile is not { Length: > 0 } || options.Setting is not null))
        {
            options.ReadErrors.Add(options.SettingFile is { Length: > 0 }
                ? $"{parametersKey} '{unused}': a parameters file applies to the {nameof(ScaleSetOptions.SettingFile)}, but the setting is given otherwise (a Setting section or in code), so it would not be used; remove one of them."
                : $"{parametersKey} '{unused}': a parameters file needs a {nameof(ScaleSetOptions.SettingFile)} (an ARM template) to give its values to; none is named.");
        }

        if (options.SettingFile is not { Length: > 0 } file || options.Setting is not null)
        {
            return;
        }

        var loaded = AutoscaleSettingLoader.Load(file, new SettingLoadOptions { ParametersFile = options.SettingParametersFile, InstanceLimit = instanceLimit });
        Collect(options, loaded.Problems, problem => problem.FilePath is { } other
            ? Where(parametersKey, other, problem.Path)
            : Where(settingKey, file, problem.Path));
        options.Setting = loaded.IsValid ? loaded.Setting : null;
    }

    private static string Key(ScaleSetOptions options, string name) => options.Origin is { } origin ? $"{origin}:{name}" : name;

    private static string Where(string key, string file, string path) => path.Length == 0 ? $"{key} '{file}'" : $"{key} '{file}' {path}";

    /// <summary>Turns a JSONPath-like setting path (<c>$.profiles[0].capacity</c>) into a configuration path under <paramref name="sectionPath"/>.</summary>
    public static string Locate(string sectionPath, string jsonPath)
    {
        var path = new StringBuilder(sectionPath);
        foreach (var c in jsonPath.TrimStart('$'))
        {
            switch (c)
            {
                case '.' or '[':
                    path.Append(':');
                    break;
                case ']':
                    break;
                default:
                    path.Append(c);
                    break;
            }
        }

        return path.ToString();
    }

    /// <summary>
    /// Writes a configuration section as JSON: sections whose keys are 0, 1, 2… become arrays, values stay strings (the
    /// setting reader accepts numbers and booleans written as strings, which is all configuration has).
    /// </summary>
    public static string ToJson(IConfigurationSection section)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            Write(writer, section);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, IConfigurationSection section)
    {
        var children = section.GetChildren().ToList();
        if (children.Count == 0)
        {
            if (section.Value is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                writer.WriteStringValue(section.Value);
            }

            return;
        }

        if (IsArray(children))
        {
            writer.WriteStartArray();
            foreach (var child in children.OrderBy(c => int.Parse(c.Key, NumberStyles.None, CultureInfo.InvariantCulture)))
            {
                Write(writer, child);
            }

            writer.WriteEndArray();
            return;
        }

        writer.WriteStartObject();
        foreach (var child in children)
        {
            writer.WritePropertyName(child.Key);
            Write(writer, child);
        }

        writer.WriteEndObject();
    }

    private static bool IsArray(List<IConfigurationSection> children)
    {
        var seen = new bool[children.Count];
        foreach (var child in children)
        {
            if (!int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= children.Count || seen[index])
            {
                return false;
            }

            seen[index] = true;
        }

        return true;
    }

    /// <summary>Reads the <c>Sources</c> list: each entry's type and polling options, the rest left to its type.</summary>
    private static void ReadSources(ScaleSetOptions options, IConfigurationSection section, string scaleSet)
    {
        var sources = section.GetSection(nameof(ScaleSetOptions.Sources));
        if (!sources.Exists())
        {
            return;
        }

        var entries = sources.GetChildren().ToList();
        if (entries.Count == 0 || !IsArray(entries))
        {
            options.ReadErrors.Add($"{sources.Path}: must be a list of sources, each with a Type (for example \"Sources\": [ {{ \"Type\": \"HAProxy\", \"Backend\": \"web\" }} ]).");
            return;
        }

        // A configuration reload re-creates the options, so the list is replaced rather than appended to.
        options.Sources.Clear();
        foreach (var entry in entries.OrderBy(c => int.Parse(c.Key, NumberStyles.None, CultureInfo.InvariantCulture)))
        {
            options.Sources.Add(Sources.MetricSourceConfiguration.Read(scaleSet, entry));
        }
    }

    private static ScaleSetModel? ReadModel(IConfigurationSection section, ScaleSetModel? current)
    {
        var version = section[nameof(ScaleSetModel.Version)] ?? current?.Version;
        var image = section[nameof(ScaleSetModel.ImageReference)] ?? current?.ImageReference;
        if (version is null && image is null)
        {
            return current;
        }

        var tags = section.GetSection(nameof(ScaleSetModel.Tags)).GetChildren().ToList();
        return new ScaleSetModel
        {
            Version = version ?? string.Empty,
            ImageReference = image ?? string.Empty,
            Size = section[nameof(ScaleSetModel.Size)] ?? current?.Size ?? string.Empty,
            CustomData = section[nameof(ScaleSetModel.CustomData)] ?? current?.CustomData,
            Tags = tags.Count == 0 && current is not null
                ? current.Tags
                : tags.ToDictionary(t => t.Key, t => t.Value ?? string.Empty, StringComparer.Ordinal),
        };
    }

    private static void Collect(ScaleSetOptions options, IReadOnlyList<SettingProblem> problems, Func<SettingProblem, string> locate)
    {
        foreach (var problem in problems)
        {
            if (problem.Severity == SettingProblemSeverity.Error)
            {
                var line = problem.Line is { } l ? string.Create(CultureInfo.InvariantCulture, $" (line {l})") : string.Empty;
                options.ReadErrors.Add($"{locate(problem)}{line}: {problem.Message}");
            }
            else
            {
                options.ReadWarnings.Add(problem with { Path = locate(problem), FilePath = null });
            }
        }
    }

    private static int? Fail(ScaleSetOptions options, string error)
    {
        options.ReadErrors.Add(error);
        return options.InitialCapacity;
    }
}
