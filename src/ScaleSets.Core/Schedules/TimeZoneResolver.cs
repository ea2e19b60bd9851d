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
    // "Mid-Atlantic Standard Time". Kamchatka has kept UTC+12 without daylight saving since 2011 (IANA's
    // Asia/Kamchatka, and Windows' dynamic rules for the id since then).
    private static readonly Dictionary<string, string> RetiredWindowsIds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Kamchatka Standard Time"] = "Asia/Kamchatka",
    };

    // "(UTC-02:00) Mid-Atlantic - Old" has no IANA zone at all, and Windows (where Azure evaluates its schedules) keeps
    // its one rule, unchanged for every year: UTC-02, one hour ahead from 02:00 on the last Sunday of March to 02:00 on
    // the last Sunday of September (the registry's TZI for the id: Bias 120, DaylightBias -60, DaylightDate 3/5/Sun
    // 02:00, StandardDate 9/5/Sun 02:00; .NET on Windows reads it as one adjustment rule from DateTime.MinValue to
    // MaxValue). It is built here from that rule, so a schedule in it fires when Azure's does.
    private static readonly TimeZoneInfo MidAtlantic = TimeZoneInfo.CreateCustomTimeZone(
        "Mid-Atlantic Standard Time",
        TimeSpan.FromHours(-2),
        "(UTC-02:00) Mid-Atlantic - Old",
        "Mid-Atlantic Standard Time",
        "Mid-Atlantic Daylight Time",
        [
            TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(
                DateTime.MinValue.Date,
                DateTime.MaxValue.Date,
                TimeSpan.FromHours(1),
                TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 2, 0, 0), 3, 5, DayOfWeek.Sunday),
                TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 2, 0, 0), 9, 5, DayOfWeek.Sunday)),
        ]);

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

        if (string.Equals(id, MidAtlantic.Id, StringComparison.OrdinalIgnoreCase))
        {
            return MidAtlantic;
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
