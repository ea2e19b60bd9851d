using MathNet.Numerics.Statistics;

namespace ScaleSets.Prediction;

/// <summary>
/// Finds the last lasting level shift of a series: a two-sided CUSUM on robustly standardized residuals from the
/// seasonal profile (the per-phase median), confirmed by comparing the medians before and after the change point.
/// </summary>
internal static class LevelShiftDetector
{
    private const double Drift = 0.5;
    private const double ClipZ = 3;
    private const double MinimumShiftSigmas = 2;

    /// <summary>Returns the last level shift in <paramref name="values"/>, or <see langword="null"/> when there is none.</summary>
    /// <param name="values">The series (NaN = missing).</param>
    /// <param name="seasonLength">The season length in grains, or 0.</param>
    /// <param name="minimumRun">How many grains a shift must last to count; also the alarm threshold of the CUSUM.</param>
    public static LevelShift? FindLast(ReadOnlySpan<double> values, int seasonLength, int minimumRun)
    {
        var n = values.Length;
        if (n < 4 * minimumRun)
        {
            return null;
        }

        var residuals = Residuals(values, seasonLength);
        var center = SeriesStatistics.FiniteMedian(residuals);
        var sigma = 1.4826 * SeriesStatistics.FiniteMad(residuals);
        if (!(sigma > 0))
        {
            return null;
        }

        double up = 0;
        double down = 0;
        var upStart = 0;
        var downStart = 0;
        LevelShift? last = null;
        for (var t = 0; t < n; t++)
        {
            if (!double.IsFinite(residuals[t]))
            {
                continue;
            }

            var z = Math.Clamp((residuals[t] - center) / sigma, -ClipZ, ClipZ);
            if (up == 0)
            {
                upStart = t;
            }

            if (down == 0)
            {
                downStart = t;
            }

            up = Math.Max(0, up + z - Drift);
            down = Math.Max(0, down - z - Drift);
            if (up > minimumRun || down > minimumRun)
            {
                var start = up > minimumRun ? upStart : downStart;
                if (Confirm(residuals, start, minimumRun, sigma) is { } shift)
                {
                    // Later shifts are measured from the new level.
                    last = shift;
                    center = shift.After;
                }

                up = 0;
                down = 0;
            }
        }

        return last;
    }

    private static LevelShift? Confirm(double[] residuals, int start, int minimumRun, double sigma)
    {
        var n = residuals.Length;
        if (start < minimumRun || n - start < minimumRun)
        {
            return null;
        }

        var window = 4 * minimumRun;
        var from = Math.Max(0, start - window);
        var before = SeriesStatistics.FiniteMedian(residuals.AsSpan(from, start - from));
        var after = SeriesStatistics.FiniteMedian(residuals.AsSpan(start, Math.Min(n, start + window) - start));
        return double.IsFinite(before) && double.IsFinite(after) && Math.Abs(after - before) >= MinimumShiftSigmas * sigma
            ? new LevelShift(start, before, after)
            : null;
    }

    private static double[] Residuals(ReadOnlySpan<double> values, int seasonLength)
    {
        var n = values.Length;
        var residuals = values.ToArray();
        if (seasonLength < 2 || n < 2 * seasonLength)
        {
            return residuals;
        }

        var profile = new double[seasonLength];
        var phase = new List<double>((n / seasonLength) + 1);
        for (var p = 0; p < seasonLength; p++)
        {
            phase.Clear();
            for (var t = p; t < n; t += seasonLength)
            {
                if (double.IsFinite(values[t]))
                {
                    phase.Add(values[t]);
                }
            }

            profile[p] = phase.Count == 0 ? 0 : ArrayStatistics.MedianInplace([.. phase]);
        }

        for (var t = 0; t < n; t++)
        {
            residuals[t] -= profile[t % seasonLength];
        }

        return residuals;
    }
}
