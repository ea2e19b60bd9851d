using System.Globalization;

namespace ScaleSets.Configuration;

/// <summary>Parses and formats the wall-clock date and time of a fixed-date profile (<c>2026-12-24T00:00:00</c>).</summary>
internal static class LocalDateTimeText
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm",
        "yyyy-MM-dd' 'HH:mm:ss",
        "yyyy-MM-dd' 'HH:mm",
        "yyyy-MM-dd",
    ];

    /// <summary>Parses an ISO 8601 date and time, splitting off a trailing <c>Z</c> or UTC offset.</summary>
    /// <param name="text">The text.</param>
    /// <param name="local">The date and time as written, of kind <see cref="DateTimeKind.Unspecified"/>.</param>
    /// <param name="offset">The trailing <c>Z</c> or offset such as <c>+02:00</c>, or an empty string.</param>
    /// <returns>Whether the text is a date and time.</returns>
    public static bool TryParse(string text, out DateTime local, out string offset)
    {
        offset = "";
        var clock = text;
        if (clock.EndsWith('Z') || clock.EndsWith('z'))
        {
            offset = clock[^1..];
            clock = clock[..^1];
        }
        else
        {
            var time = clock.IndexOf('T', StringComparison.OrdinalIgnoreCase);
            var sign = time < 0 ? -1 : clock.IndexOfAny(['+', '-'], time);
            if (sign > 0)
            {
                offset = clock[sign..];
                clock = clock[..sign];
            }
        }

        return DateTime.TryParseExact(clock, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out local)
            && (offset.Length <= 1 || TimeSpan.TryParseExact(offset.TrimStart('+', '-'), ["hh\\:mm", "hhmm"], CultureInfo.InvariantCulture, out _));
    }

    /// <summary>Formats a wall-clock date and time exactly to the tick, without an offset.</summary>
    /// <param name="local">The date and time.</param>
    /// <returns>The text, for example <c>2026-12-24T00:00:00</c>.</returns>
    public static string Format(DateTime local) =>
        local.ToString(local.Ticks % TimeSpan.TicksPerSecond == 0 ? Formats[0] : Formats[1], CultureInfo.InvariantCulture);
}
