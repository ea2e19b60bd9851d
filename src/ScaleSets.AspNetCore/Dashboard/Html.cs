using System.Globalization;
using System.Net;

namespace ScaleSets.AspNetCore.Dashboard;

/// <summary>Encoding and formatting for the server-rendered page.</summary>
internal static class Html
{
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static string Time(DateTimeOffset? time) => time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "–";

    public static string Clock(DateTimeOffset time) => time.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    public static string Number(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("0.##", CultureInfo.InvariantCulture) : "no data";

    public static string Span(TimeSpan span) => span.TotalHours >= 1 && span.Minutes == 0 ? $"{(int)span.TotalHours}h"
        : span.TotalMinutes >= 1 && span.Seconds == 0 ? $"{(int)span.TotalMinutes}m"
        : $"{(int)span.TotalSeconds}s";

    public static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
