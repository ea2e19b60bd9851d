using System.Globalization;
using System.Xml;

namespace ScaleSets.Configuration;

/// <summary>Parses and formats durations as ISO 8601 (<c>PT5M</c>, <c>P7D</c>), the form Azure uses, or as <c>hh:mm:ss</c>.</summary>
internal static class DurationText
{
    /// <summary>Parses an ISO 8601 duration or a <c>[d.]hh:mm[:ss[.fffffff]]</c> time span.</summary>
    /// <param name="text">The text.</param>
    /// <param name="duration">The duration, when valid.</param>
    /// <param name="reason">Why the text is invalid, otherwise empty.</param>
    /// <returns>Whether the text is a duration.</returns>
    public static bool TryParse(string text, out TimeSpan duration, out string reason)
    {
        duration = TimeSpan.Zero;
        reason = "";
        var iso = text.StartsWith('P') || text.StartsWith("-P", StringComparison.Ordinal);
        if (iso)
        {
            // Years and months have no fixed length; XmlConvert would silently take 365 and 30 days.
            var datePart = text.Split('T')[0];
            if (datePart.Contains('Y', StringComparison.Ordinal) || datePart.Contains('M', StringComparison.Ordinal))
            {
                reason = "years and months have no fixed length; use days (P30D) instead";
                return false;
            }

            try
            {
                duration = XmlConvert.ToTimeSpan(text);
                return true;
            }
            catch (Exception e) when (e is FormatException or OverflowException)
            {
                reason = "expected an ISO 8601 duration such as PT5M, PT1H30M or P1D";
                return false;
            }
        }

        if (text.Contains(':', StringComparison.Ordinal)
            && TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out duration))
        {
            return true;
        }

        reason = "expected an ISO 8601 duration such as PT5M, or hh:mm:ss such as 00:05:00";
        return false;
    }

    /// <summary>Formats a duration as ISO 8601, exactly to the tick, so that <see cref="TryParse"/> gives it back.</summary>
    /// <param name="duration">The duration.</param>
    /// <returns>The text, for example <c>PT5M</c>.</returns>
    public static string Format(TimeSpan duration) => XmlConvert.ToString(duration);
}
