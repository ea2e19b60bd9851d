using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using ScaleSets.Sources;

namespace ScaleSets.Hosting.Sources;

/// <summary>
/// One entry of a scale set's <c>Sources</c> list in configuration: its <c>Type</c>, its polling options
/// (<c>Interval</c>, <c>Timeout</c>, <c>MaxRetryAttempts</c>, <c>RetryDelay</c>; durations as ISO 8601 <c>PT15S</c> or
/// <c>hh:mm:ss</c>) and the section holding the type's own options.
/// </summary>
public sealed class MetricSourceConfiguration
{
    /// <summary>The keys every entry may hold besides the type's own options.</summary>
    public static readonly IReadOnlyList<string> CommonKeys =
    [
        "Type",
        nameof(PolledMetricSourceOptions.Interval),
        nameof(PolledMetricSourceOptions.Timeout),
        nameof(PolledMetricSourceOptions.MaxRetryAttempts),
        nameof(PolledMetricSourceOptions.RetryDelay),
    ];

    internal MetricSourceConfiguration(string scaleSet, IConfigurationSection section, string? type, PolledMetricSourceOptions polling)
    {
        ScaleSet = scaleSet;
        Section = section;
        Type = type;
        Polling = polling;
    }

    /// <summary>Gets the name of the scale set the source feeds.</summary>
    public string ScaleSet { get; }

    /// <summary>Gets the entry's configuration path, for example <c>ScaleSets:web:Sources:0</c>.</summary>
    public string Path => Section.Path;

    /// <summary>Gets the entry's section, holding the type's own options.</summary>
    public IConfigurationSection Section { get; }

    /// <summary>Gets the entry's <c>Type</c>, or <see langword="null"/> when it has none.</summary>
    public string? Type { get; }

    /// <summary>Gets the polling options read from the entry (the defaults for those it does not give).</summary>
    public PolledMetricSourceOptions Polling { get; }

    /// <summary>Gets the problems found while reading the common keys, each with its path.</summary>
    internal List<string> ReadErrors { get; } = [];

    /// <summary>Returns the configuration path of one of the entry's keys, to start a problem with.</summary>
    /// <param name="key">The key, for example <c>Backend</c>.</param>
    /// <returns>The path, for example <c>ScaleSets:web:Sources:0:Backend</c>.</returns>
    public string PathOf(string key) => Path + ":" + key;

    /// <summary>
    /// Binds the type's own options from the entry onto <paramref name="options"/> (its public settable properties, matched
    /// case-insensitively) and returns the problems: a key that is neither a common key nor a property of
    /// <typeparamref name="TOptions"/>, and a value that cannot be converted, each at its path.
    /// </summary>
    /// <typeparam name="TOptions">The type's options class.</typeparam>
    /// <param name="options">The options to bind onto, holding the defaults.</param>
    /// <returns>The problems; empty when every key was bound.</returns>
    public IReadOnlyList<string> Bind<TOptions>(TOptions options)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        var properties = typeof(TOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.SetMethod!.IsPublic)
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var child in Section.GetChildren())
        {
            if (CommonKeys.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!properties.TryGetValue(child.Key, out var property))
            {
                var known = string.Join(", ", CommonKeys.Concat(properties.Keys.Order(StringComparer.Ordinal)));
                problems.Add($"{PathOf(child.Key)}: unknown option of a {Type} source; known: {known}.");
                continue;
            }

            try
            {
                if (property.PropertyType == typeof(TimeSpan) || property.PropertyType == typeof(TimeSpan?))
                {
                    if (child.Value is null || !TryParseDuration(child.Value, out var duration))
                    {
                        problems.Add($"{child.Path}: '{child.Value}' is not a duration; write ISO 8601 (PT15S) or hh:mm:ss.");
                        continue;
                    }

                    property.SetValue(options, duration);
                }
                else
                {
                    var value = child.Get(property.PropertyType, binder => binder.ErrorOnUnknownConfiguration = true);
                    if (value is not null)
                    {
                        property.SetValue(options, value);
                    }
                }
            }
            catch (InvalidOperationException ex)
            {
                problems.Add($"{child.Path}: {ex.Message}");
            }
        }

        return problems;
    }

    /// <summary>Copies the entry's polling options onto a source's options.</summary>
    /// <param name="target">The source's polling options.</param>
    /// <param name="keepDefaultTimeout">Copies the timeout only when the entry gives one, keeping the source's own default otherwise.</param>
    public void CopyPolling(PolledMetricSourceOptions target, bool keepDefaultTimeout = false)
    {
        ArgumentNullException.ThrowIfNull(target);
        target.Interval = Polling.Interval;
        if (!keepDefaultTimeout || Section[nameof(PolledMetricSourceOptions.Timeout)] is not null)
        {
            target.Timeout = Polling.Timeout;
        }

        target.MaxRetryAttempts = Polling.MaxRetryAttempts;
        target.RetryDelay = Polling.RetryDelay;
    }

    /// <summary>Reads one entry's common keys; problems go to <see cref="ReadErrors"/>.</summary>
    internal static MetricSourceConfiguration Read(string scaleSet, IConfigurationSection section)
    {
        var polling = new PolledMetricSourceOptions();
        var errors = new List<string>();
        ReadDuration(section, nameof(PolledMetricSourceOptions.Interval), errors, v => polling.Interval = v);
        ReadDuration(section, nameof(PolledMetricSourceOptions.Timeout), errors, v => polling.Timeout = v);
        ReadDuration(section, nameof(PolledMetricSourceOptions.RetryDelay), errors, v => polling.RetryDelay = v);
        if (section[nameof(PolledMetricSourceOptions.MaxRetryAttempts)] is { } retries)
        {
            if (int.TryParse(retries, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
            {
                polling.MaxRetryAttempts = n;
            }
            else
            {
                errors.Add($"{section.Path}:{nameof(PolledMetricSourceOptions.MaxRetryAttempts)}: '{retries}' is not a whole number.");
            }
        }

        var type = section["Type"];
        var source = new MetricSourceConfiguration(scaleSet, section, string.IsNullOrWhiteSpace(type) ? null : type.Trim(), polling);
        source.ReadErrors.AddRange(errors);
        return source;
    }

    /// <summary>Parses a duration written as ISO 8601 (<c>PT15S</c>) or as <c>[d.]hh:mm:ss[.fff]</c>.</summary>
    internal static bool TryParseDuration(string text, out TimeSpan duration)
    {
        text = text.Trim();
        if (text.StartsWith('P') || text.StartsWith('-'))
        {
            try
            {
                duration = System.Xml.XmlConvert.ToTimeSpan(text);
                return true;
            }
            catch (FormatException)
            {
                duration = default;
                return false;
            }
            catch (OverflowException)
            {
                duration = default;
                return false;
            }
        }

        return TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out duration);
    }

    private static void ReadDuration(IConfigurationSection section, string key, List<string> errors, Action<TimeSpan> set)
    {
        if (section[key] is not { } text)
        {
            return;
        }

        if (TryParseDuration(text, out var value))
        {
            set(value);
        }
        else
        {
            errors.Add($"{section.Path}:{key}: '{text}' is not a duration; write ISO 8601 (PT15S) or hh:mm:ss.");
        }
    }
}
