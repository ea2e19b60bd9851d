using System.Globalization;

namespace ScaleSets.Simulation.Workloads;

/// <summary>
/// Built-in synthetic workloads, seeded so a run repeats exactly: a daily cycle (low at night, a morning ramp, an
/// afternoon peak), a weekly cycle (quieter weekends), a slow trend, multiplicative noise, flash crowds (a surge to
/// several times the load within minutes, decaying over an hour) and outages (the load falls away, then the backlog
/// returns).
/// </summary>
public static class SyntheticWorkload
{
    /// <summary>The default workload: one week per minute (10,080 steps) with two flash crowds and one outage.</summary>
    public const string Web = "web";

    /// <summary>Two days per minute dominated by flash crowds: the hardest case for a reactive policy.</summary>
    public const string FlashCrowd = "flash-crowd";

    /// <summary>Thirty days per minute (43,200 steps): the size of the speed bar.</summary>
    public const string Month = "month";

    /// <summary>The time every synthetic workload starts at (a Monday, midnight UTC).</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Gets the names of the built-in workloads.</summary>
    public static IReadOnlyList<string> Names { get; } = [Web, FlashCrowd, Month];

    /// <summary>Creates a built-in workload.</summary>
    /// <param name="name">One of <see cref="Names"/> (case-insensitive).</param>
    /// <param name="seed">The seed of the noise, flash crowd and outage draws.</param>
    /// <returns>The workload, at one-minute steps.</returns>
    /// <exception cref="ArgumentException">The name is unknown; the message lists the known ones.</exception>
    public static Workload Create(string name, int seed)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToUpperInvariant() switch
        {
            "WEB" => Generate(Web, days: 7, flashCrowds: 2, outages: 1, trendPerDay: 0.02, seed),
            "FLASH-CROWD" => Generate(FlashCrowd, days: 2, flashCrowds: 6, outages: 0, trendPerDay: 0, seed),
            "MONTH" => Generate(Month, days: 30, flashCrowds: 6, outages: 2, trendPerDay: 0.01, seed),
            _ => throw new ArgumentException($"'{name}' is not a built-in workload; use one of {string.Join(", ", Names)}", nameof(name)),
        };
    }

    private static Workload Generate(string name, int days, int flashCrowds, int outages, double trendPerDay, int seed)
    {
        const double BaseRequestsPerSecond = 400;
        const double Noise = 0.05;
        var steps = days * 24 * 60;
        var random = new Random(seed);
        var crowds = new (int Start, double Height)[flashCrowds];
        for (var i = 0; i < flashCrowds; i++)
        {
            // Flash crowds during the day, when they hurt most, at two to three times the load.
            var day = random.Next(days);
            crowds[i] = ((day * 1440) + (8 * 60) + random.Next(10 * 60), 1.0 + random.NextDouble());
        }

        var downs = new int[outages];
        for (var i = 0; i < outages; i++)
        {
            downs[i] = (random.Next(days) * 1440) + random.Next(1440);
        }

        var values = new double[steps];
        for (var t = 0; t < steps; t++)
        {
            var minuteOfDay = t % 1440;
            var dayOfWeek = t / 1440 % 7;
            var hour = minuteOfDay / 60.0;

            // Daily shape: a trough at 04:00 near 20% of the peak, the peak at 14:00, smooth in between.
            var daily = 0.6 - (0.4 * Math.Cos(2 * Math.PI * (hour - 4) / 24)) + (0.08 * Math.Sin(4 * Math.PI * (hour - 4) / 24));
            var weekly = dayOfWeek >= 5 ? 0.65 : 1.0;
            var trend = 1 + (trendPerDay * t / 1440.0);
            var load = BaseRequestsPerSecond * daily * weekly * trend;
            foreach (var (start, height) in crowds)
            {
                if (t >= start)
                {
                    var age = t - start;
                    var rise = Math.Min(1.0, (age + 1) / 5.0);
                    load *= 1 + (height * rise * Math.Exp(-Math.Max(0, age - 5) / 45.0));
                }
            }

            foreach (var down in downs)
            {
                if (t >= down && t < down + 30)
                {
                    load *= 0.05;
                }
                else if (t >= down + 30 && t < down + 45)
                {
                    load *= 1.5; // the backlog of clients retrying
                }
            }

            values[t] = Math.Max(0, load * (1 + (Noise * Gaussian(random))));
        }

        return new Workload(string.Create(CultureInfo.InvariantCulture, $"synthetic:{name}"), Start, TimeSpan.FromMinutes(1), values);
    }

    private static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
