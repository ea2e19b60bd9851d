using System.Globalization;
using System.Text;

namespace ScaleSets.Cli.Samples;

/// <summary>
/// The built-in sample: a web front end's setting and two days of its request rate, so the main command runs on a
/// fresh clone with nothing else set up. The traffic is synthetic but shaped like a real site's: a daily cycle with a
/// morning ramp, noise, and a launch-day surge on the second day.
/// </summary>
internal static class SampleData
{
    public const string SettingName = "sample-setting.json";
    public const string MetricsName = "sample-metrics.csv";

    public static string Setting()
    {
        using var stream = typeof(SampleData).Assembly.GetManifestResourceStream("ScaleSets.Cli.Samples.sample-setting.json")
            ?? throw new InvalidOperationException("The built-in sample setting is missing from the assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>Two days (2026-03-02 and 03, UTC) of a set-level request rate per minute; seeded, so always the same.</summary>
    public static string Metrics()
    {
        var random = new Random(20260302);
        var text = new StringBuilder("timestamp,metric,value,instance,source\n");
        var start = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
        for (var minute = 0; minute < 2 * 24 * 60; minute++)
        {
            var time = start.AddMinutes(minute);
            var hour = time.Hour + (time.Minute / 60.0);
            // Quiet nights, a morning ramp to a midday peak, a slow evening decline.
            var daily = 0.15 + (0.85 * Math.Pow(Math.Max(0, Math.Sin(Math.PI * (hour - 6) / 16)), 1.5));
            var rps = 700 * daily;
            if (time.Day == 3 && hour is >= 9.5 and < 11)
            {
                rps *= 2.2; // the launch surge
            }

            rps *= 1 + (0.06 * ((random.NextDouble() * 2) - 1));
            text.Append(CultureInfo.InvariantCulture, $"{time:yyyy-MM-ddTHH:mm:ssZ},RequestsPerSecond,{rps:0.0},,Application\n");
        }

        return text.ToString();
    }
}
