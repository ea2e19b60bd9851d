using System.Text.Json;

namespace ScaleSets.Configuration;

/// <summary>
/// The kinds of value a <see cref="SettingObjectShape{T}"/> property holds, each read by <see cref="SettingValueReader"/>
/// with its own message for a value of the wrong kind.
/// </summary>
internal static class SettingValues
{
    public static readonly Func<SettingValueReader, JsonElement, string, string?> Text = (r, e, p) => r.ReadString(e, p);
    public static readonly Func<SettingValueReader, JsonElement, string, string?> ResourceId = (r, e, p) => r.ReadResourceId(e, p);
    public static readonly Func<SettingValueReader, JsonElement, string, int?> Int = (r, e, p) => r.ReadInt(e, p);
    public static readonly Func<SettingValueReader, JsonElement, string, double?> Number = (r, e, p) => r.ReadDouble(e, p);
    public static readonly Func<SettingValueReader, JsonElement, string, bool?> Bool = (r, e, p) => r.ReadBool(e, p);
    public static readonly Func<SettingValueReader, JsonElement, string, TimeSpan?> Duration = (r, e, p) => r.ReadDuration(e, p);
    public static readonly Func<SettingValueReader, JsonElement, string, DateTime?> LocalDateTime = (r, e, p) => r.ReadLocalDateTime(e, p);
    public static readonly Func<SettingValueReader, JsonElement, string, DayOfWeek?> Day = (r, e, p) => r.ReadDay(e, p);

    /// <summary>Whole seconds, as Kubernetes writes periods and windows.</summary>
    public static readonly Func<SettingValueReader, JsonElement, string, TimeSpan?> Seconds =
        (r, e, p) => r.ReadInt(e, p) is { } seconds ? TimeSpan.FromSeconds(seconds) : null;

    /// <summary>The name of one of <typeparamref name="T"/>'s values; <paramref name="what"/> names the kind in messages.</summary>
    public static Func<SettingValueReader, JsonElement, string, T?> Enum<T>(string what, Dictionary<string, T>? aliases = null)
        where T : struct, System.Enum => (r, e, p) => r.ReadEnum(e, p, what, aliases);

    /// <summary>An array of objects or texts; an item that cannot be read is left out.</summary>
    public static Func<SettingValueReader, JsonElement, string, List<T>> ListOf<T>(Func<SettingValueReader, JsonElement, string, T?> item)
        where T : class => (r, e, p) => r.ReadArray(e, p, (itemElement, itemPath) => item(r, itemElement, itemPath));

    /// <summary>An array of values; an item that cannot be read is left out.</summary>
    public static Func<SettingValueReader, JsonElement, string, List<T>> ListOf<T>(Func<SettingValueReader, JsonElement, string, T?> item)
        where T : struct => (r, e, p) => r.ReadArray(e, p, (itemElement, itemPath) => item(r, itemElement, itemPath));
}
