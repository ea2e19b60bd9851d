using System.Globalization;
using System.Xml;
using ScaleSets.Traces;

namespace ScaleSets.Cli.Commands;

/// <summary>Parses durations given on the command line: ISO 8601 (<c>PT1M</c>) or <c>hh:mm:ss</c>.</summary>
internal static class DurationArgument
{
    public static TimeSpan Parse(string text, string option)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith('P') || trimmed.StartsWith('p'))
        {
            try
            {
                return XmlConvert.ToTimeSpan(trimmed.ToUpperInvariant());
            }
            catch (FormatException)
            {
                // Reported below with the option's name.
            }
        }
        else if (TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out var span))
        {
            return span;
        }

        throw new CliError($"{option}: '{text}' is not a duration; use ISO 8601 such as PT1M or PT30S");
    }

    /// <summary>Parses a duration that must be longer than zero (a horizon, a resampling step).</summary>
    public static TimeSpan ParsePositive(string text, string option)
    {
        var span = Parse(text, option);
        return span > TimeSpan.Zero
            ? span
            : throw new CliError($"{option}: '{text}' is not a positive duration; use ISO 8601 such as PT5M or PT30M");
    }

    public static DateTimeOffset ParseTime(string text, string option)
    {
        if (IsoTimestamp.TryParse(text, out var time))
        {
            return time;
        }

        throw new CliError($"{option}: '{text}' is not {IsoTimestamp.Expected}");
    }
}
