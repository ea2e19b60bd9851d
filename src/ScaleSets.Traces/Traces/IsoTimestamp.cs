using System.Globalization;

namespace ScaleSets.Traces;

/// <summary>
/// The one reading of a timestamp in a CSV file or on the command line: ISO 8601 extended format,
/// <c>yyyy-MM-ddTHH:mm[:ss[.fffffff]]</c> followed by <c>Z</c>, an offset <c>±HH:mm</c> or nothing (then the time is
/// UTC), or a date alone <c>yyyy-MM-dd</c> (midnight UTC). Nothing else is read: no culture's formats, no time without a
/// date (which would take today's date), no day/month guessing. The trace and metrics CSV readers, the scalesets
/// command's time options and the run history's query parameters all read times this way.
/// </summary>
public static class IsoTimestamp
{
    /// <summary>What a message names as the accepted form.</summary>
    public const string Expected = "an ISO 8601 timestamp such as 2026-03-02T08:00:00Z (yyyy-MM-ddTHH:mm[:ss[.fffffff]] with Z, ±HH:mm or no offset for UTC)";

    private static readonly string[] Formats = BuildFormats();

    /// <summary>Parses <paramref name="text"/> (surrounding white space ignored) as one of the accepted forms.</summary>
    /// <param name="text">The text.</param>
    /// <param name="time">The instant, with offset zero.</param>
    /// <returns>Whether the text is an accepted timestamp.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(
            text.Trim(),
            Formats,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out time);

    private static string[] BuildFormats()
    {
        var formats = new List<string> { "yyyy'-'MM'-'dd" };
        var times = new List<string> { "HH':'mm", "HH':'mm':'ss" };
        for (var digits = 1; digits <= 7; digits++)
        {
            times.Add("HH':'mm':'ss'.'" + new string('f', digits));
        }

        foreach (var clock in times)
        {
            // 'K' reads Z, an offset or nothing; 'zzz' adds nothing 'K' misses, so one pattern per clock is enough.
            formats.Add("yyyy'-'MM'-'dd'T'" + clock + "K");
        }

        return [.. formats];
    }
}
