namespace ScaleSets.Tests.Prediction;

/// <summary>Deterministic synthetic series with known level, trend, seasons and noise.</summary>
internal static class SyntheticSeries
{
    /// <summary>
    /// <c>level + slope·t + Σ amplitude·sin(2πt/season) + noise</c>, noise normal with standard deviation
    /// <paramref name="noise"/> from a fixed seed.
    /// </summary>
    public static double[] Generate(int length, double level, double slope, (int Season, double Amplitude)[] seasons, double noise, int seed = 7)
    {
        var random = new Random(seed);
        var values = new double[length];
        for (var t = 0; t < length; t++)
        {
            var value = level + (slope * t);
            foreach (var (season, amplitude) in seasons)
            {
                value += amplitude * Math.Sin(2 * Math.PI * t / season);
            }

            values[t] = value + (noise * Normal(random));
        }

        return values;
    }

    /// <summary>The noise-free value of <see cref="Generate"/> at <paramref name="t"/>.</summary>
    public static double Truth(int t, double level, double slope, (int Season, double Amplitude)[] seasons)
    {
        var value = level + (slope * t);
        foreach (var (season, amplitude) in seasons)
        {
            value += amplitude * Math.Sin(2 * Math.PI * t / season);
        }

        return value;
    }

    private static double Normal(Random random)
    {
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
