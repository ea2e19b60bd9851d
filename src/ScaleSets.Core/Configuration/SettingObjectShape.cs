using System.Text.Json;
using static ScaleSets.Configuration.SettingJsonText;

namespace ScaleSets.Configuration;

/// <summary>
/// How one kind of object of a setting document is read: its properties, each with how its value is read and where it
/// goes. Reading an object checks that it is one, reads every known property (case-insensitively, template expressions
/// evaluated first) and warns of every unknown one, so that every kind reports its problems alike.
/// </summary>
/// <typeparam name="T">What the properties are read into.</typeparam>
internal sealed class SettingObjectShape<T>
    where T : class, new()
{
    private readonly Dictionary<string, (Action<SettingValueReader, T, JsonElement, string> Read, bool AzureOnly, bool Tolerant)> properties = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Adds a property read by <paramref name="read"/> into the target.</summary>
    public SettingObjectShape<T> Add(string name, Action<SettingValueReader, T, JsonElement, string> read, bool azureOnly = false)
    {
        properties.Add(name, (read, azureOnly, Tolerant: false));
        return this;
    }

    /// <summary>Adds a property whose value, when read, replaces the target's; a value that cannot be read keeps it.</summary>
    public SettingObjectShape<T> Keep<TValue>(string name, Func<SettingValueReader, JsonElement, string, TValue?> read, Action<T, TValue> set)
        where TValue : struct => Add(name, (reader, target, value, at) =>
        {
            if (read(reader, value, at) is { } given)
            {
                set(target, given);
            }
        });

    /// <summary>Adds a text property whose value, when read, replaces the target's; a value that cannot be read keeps it.</summary>
    public SettingObjectShape<T> Keep(string name, Func<SettingValueReader, JsonElement, string, string?> read, Action<T, string> set) =>
        Add(name, (reader, target, value, at) =>
        {
            if (read(reader, value, at) is { } given)
            {
                set(target, given);
            }
        });

    /// <summary>Adds an optional property: JSON null clears it, a value that cannot be read clears it too.</summary>
    public SettingObjectShape<T> Optional<TValue>(string name, Func<SettingValueReader, JsonElement, string, TValue?> read, Action<T, TValue?> set)
        where TValue : struct =>
        Add(name, (reader, target, value, at) => set(target, value.ValueKind == JsonValueKind.Null ? null : read(reader, value, at)));

    /// <summary>Adds an optional object or text property: JSON null clears it, a value that cannot be read clears it too.</summary>
    public SettingObjectShape<T> Optional<TValue>(string name, Func<SettingValueReader, JsonElement, string, TValue?> read, Action<T, TValue?> set)
        where TValue : class =>
        Add(name, (reader, target, value, at) => set(target, value.ValueKind == JsonValueKind.Null ? null : read(reader, value, at)));

    /// <summary>Adds a property whose value always replaces the target's (a list, empty when it cannot be read).</summary>
    public SettingObjectShape<T> Set<TValue>(string name, Func<SettingValueReader, JsonElement, string, TValue> read, Action<T, TValue> set) =>
        Add(name, (reader, target, value, at) => set(target, read(reader, value, at)));

    /// <summary>Adds a list property that JSON null empties.</summary>
    public SettingObjectShape<T> List<TItem>(string name, Func<SettingValueReader, JsonElement, string, List<TItem>> read, Action<T, List<TItem>> set) =>
        Add(name, (reader, target, value, at) => set(target, value.ValueKind == JsonValueKind.Null ? [] : read(reader, value, at)));

    /// <summary>Adds a property holding an object that is read into the one the target already has.</summary>
    public SettingObjectShape<T> Into<TPart>(string name, SettingObjectShape<TPart> shape, Func<T, TPart> part)
        where TPart : class, new() => Add(name, (reader, target, value, at) => shape.ReadInto(reader, value, at, part(target)));

    /// <summary>Marks properties whose value may stay partly unknown after template evaluation (they only name a resource).</summary>
    public SettingObjectShape<T> TolerateUnknown(params string[] names)
    {
        foreach (var name in names)
        {
            properties[name] = properties[name] with { Tolerant = true };
        }

        return this;
    }

    /// <summary>Reads an object into a new <typeparamref name="T"/>; <see langword="null"/> (reported) when it is no object.</summary>
    public T? Read(SettingValueReader reader, JsonElement element, string path) =>
        reader.Expect(element, path, JsonValueKind.Object) ? ReadProperties(reader, element, path, new T(), []) : null;

    /// <summary>Reads an object into <paramref name="target"/>; reports it when it is no object.</summary>
    public void ReadInto(SettingValueReader reader, JsonElement element, string path, T target)
    {
        if (reader.Expect(element, path, JsonValueKind.Object))
        {
            ReadProperties(reader, element, path, target, []);
        }
    }

    /// <summary>Reads the properties of an object into <paramref name="target"/>; <paramref name="ignored"/> are accepted unread.</summary>
    public T ReadProperties(SettingValueReader reader, JsonElement element, string path, T target, string[] ignored)
    {
        foreach (var property in element.EnumerateObject())
        {
            var at = Child(path, property.Name);
            if (properties.TryGetValue(property.Name, out var known) && (!known.AzureOnly || reader.Azure))
            {
                if (reader.Values.Resolve(property.Value, at, known.Tolerant) is { } value)
                {
                    known.Read(reader, target, value, at);
                }
            }
            else if (Match(property.Name, ignored) is null)
            {
                reader.UnknownProperty(at, property.Name);
            }
        }

        return target;
    }
}
