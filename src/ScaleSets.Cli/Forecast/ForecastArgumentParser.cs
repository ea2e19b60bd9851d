using System.Globalization;
using System.Xml;

namespace ScaleSets.Cli.Forecast;

/// <summary>Parses the duration and time arguments of <c>scalesets forecast</c>.</summary>
internal static class ForecastArgumentParser
{
    public static TimeSpan ParseDuration(string text, string option)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith('P') || trimmed.StartsWith('p'))
        {
            try
            {
                var span = XmlConvert.ToTimeSpan(trimmed.ToUpperInvariant());
                if (span > TimeSpan.Zero)
                {
                    return span;
                }
            }
            catch (FormatException)
            {
                // Reported below with the option's name.
            }
        }

        throw new ForecastUsageException($"{option}: '{text}' is not a positive ISO 8601 duration such as PT5M or PT30M");
    }

    public static DateTimeOffset ParseTime(string text, string option)
    {
        if (DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }

        throw new ForecastUsageException($"{option}: '{text}' is not an ISO 8601 date and time such as 1995-08-10T00:00:00Z");
    }
}
