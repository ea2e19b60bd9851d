using System.Collections.Concurrent;

namespace ScaleSets.Schedules;

/// <summary>
/// Finds time zones by Windows id (<c>W. Europe Standard Time</c>, as Azure writes them) or IANA id
/// (<c>Europe/Berlin</c>) on any operating system, and caches the answers.
/// </summary>
internal static class TimeZoneResolver
{
    private static readonly ConcurrentDictionary<string, TimeZoneInfo?> Cache = new(StringComparer.Ordinal);

    // Windows ids that Azure's list still offers but that CLDR no longer maps, so .NET on Linux (which asks ICU, built
    // from CLDR's common/supplemental/windowsZones.xml) neither finds them nor converts them to an IANA id: the file
    // has no mapZone for "Kamchatka Standard Time" (Kamchatka is "Russia Time Zone 11" -> Asia/Kamchatka) nor for
    // "Mid-Atlantic Standard Time" (its UTC-02 group is "UTC-02" -> Etc/GMT+2, America/Noronha,
    // Atlantic/South_Georgia). Kamchatka has kept UTC+12 without daylight saving since 2011 (IANA's Asia/Kamchatka).
    // "(UTC-02:00) Mid-Atlantic - Old" is UTC-02 as CLDR's UTC-02 is; Windows still gives it a daylight-saving rule
    // that no place follows and IANA never had, which is not reproduced (see the Core README's time zone note).
    private static readonly Dictionary<string, string> RetiredWindowsIds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Kamchatka Standard Time"] = "Asia/Kamchatka",
        ["Mid-Atlantic Standard Time"] = "Etc/GMT+2",
    };

    /// <summary>Looks up a time zone by Windows or IANA id.</summary>
    /// <param name="id">The id.</param>
    /// <param name="zone">The zone, when found.</param>
    /// <returns>Whether the id names a known zone.</returns>
    public static bool TryFind(string? id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(id))
        {
            return false;
        }

        var found = Cache.GetOrAdd(id, Lookup);
        if (found is null)
        {
            return false;
        }

        zone = found;
        return true;
    }

    private static TimeZoneInfo? Lookup(string id)
    {
        if (TryFindSystem(id, out var zone))
        {
            return zone;
        }

        if (TimeZoneInfo.TryConvertWindowsIdToIanaId(id, out var ianaId) && TryFindSystem(ianaId, out zone))
        {
            return zone;
        }

        if (TimeZoneInfo.TryConvertIanaIdToWindowsId(id, out var windowsId) && TryFindSystem(windowsId, out zone))
        {
            return zone;
        }

        if (RetiredWindowsIds.TryGetValue(id, out var replacement) && TryFindSystem(replacement, out zone))
        {
            return zone;
        }

        return null;
    }

    private static bool TryFindSystem(string id, out TimeZoneInfo zone)
    {
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException or System.Security.SecurityException)
        {
            zone = TimeZoneInfo.Utc;
            return false;
        }
    }
}
