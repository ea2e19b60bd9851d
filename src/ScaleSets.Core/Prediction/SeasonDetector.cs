using System.Numerics;
using MathNet.Numerics;
using MathNet.Numerics.IntegralTransforms;

namespace ScaleSets.Prediction;

/// <summary>
/// Finds zero, one or two seasons in a series from the data: candidate periods come from the periodogram's peaks
/// (and a day and a week in grains when the grain is known), are refined to the nearby autocorrelation peak, and are
/// kept when the seasonal profile explains enough of the detrended variance.
/// </summary>
internal static class SeasonDetector
{
    /// <summary>The smallest strength a season must have.</summary>
    public const double MinimumStrength = 0.3;

    private const int PeriodogramCandidates = 6;
    private const double CalendarBonus = 0.05;
    private const double PrimaryTolerance = 0.05;

    /// <summary>Detects the seasons of <paramref name="series"/>.</summary>
    /// <param name="series">The series; NaN = missing.</param>
    /// <param name="grain">The grain, to favour a day and a week; <see langword="null"/> when unknown.</param>
    /// <param name="maxSeasons">The largest number of seasons returned (1 or 2).</param>
    /// <returns>The seasons, shortest first.</returns>
    public static IReadOnlyList<DetectedSeason> Detect(ReadOnlySpan<double> series, TimeSpan? grain = null, int maxSeasons = 2)
    {
        var n = series.Length;
        if (n < 8)
        {
            return [];
        }

        var x = FillAndDetrend(series);
        var acf = Autocorrelation(x);
        var candidates = new HashSet<int>();
        foreach (var period in PeriodogramPeaks(x))
        {
            candidates.Add(RefineToAutocorrelationPeak(acf, period, 0.1));
        }

        var calendar = new HashSet<int>();
        if (grain is { } g && g > TimeSpan.Zero)
        {
            foreach (var span in new[] { TimeSpan.FromDays(1), TimeSpan.FromDays(7) })
            {
                var lag = (int)Math.Round(span / g);
                if (lag >= 2 && Math.Abs((span / g) - lag) < 0.01 && lag * 2 <= n)
                {
                    candidates.Add(lag);
                    calendar.Add(lag);
                }
            }
        }

        var scored = new List<DetectedSeason>();
        foreach (var lag in candidates)
        {
            if (lag >= 2 && lag * 2 <= n)
            {
                var strength = Strength(x, lag);
                if (strength >= MinimumStrength)
                {
                    scored.Add(new DetectedSeason(lag, strength, acf[lag]));
                }
            }
        }

        if (scored.Count == 0)
        {
            return [];
        }

        // A multiple of a season is as seasonal as the season itself, so the primary season is the shortest of
        // those nearly as strong as the strongest (a calendar period first).
        var best = scored.Max(c => c.Strength);
        var primary = scored
            .Where(c => c.Strength >= best - PrimaryTolerance)
            .OrderByDescending(c => calendar.Contains(c.Length))
            .ThenBy(c => c.Length)
            .First();
        var chosen = new List<DetectedSeason> { primary };
        if (maxSeasons >= 2)
        {
            // A second season must explain what is left once the primary season's profile is removed.
            var remainder = RemoveProfile(x, primary.Length);
            DetectedSeason? second = null;
            var secondScore = double.NegativeInfinity;
            foreach (var candidate in scored)
            {
                var ratio = (double)Math.Max(candidate.Length, primary.Length) / Math.Min(candidate.Length, primary.Length);
                if (ratio < 1.5)
                {
                    continue;
                }

                var strength = Strength(remainder, candidate.Length);
                var score = strength + (calendar.Contains(candidate.Length) ? CalendarBonus : 0);
                if (strength >= MinimumStrength && score > secondScore)
                {
                    second = candidate with { Strength = strength };
                    secondScore = score;
                }
            }

            if (second is { } found)
            {
                chosen.Add(found);
            }
        }

        chosen.Sort((a, b) => a.Length.CompareTo(b.Length));
        return chosen;
    }

    private static double[] RemoveProfile(double[] x, int lag)
    {
        var detrended = Detrend(x, lag);
        var phaseSum = new double[lag];
        var phaseCount = new int[lag];
        for (var i = 0; i < x.Length; i++)
        {
            phaseSum[i % lag] += detrended[i];
            phaseCount[i % lag]++;
        }

        var result = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            result[i] = x[i] - (phaseSum[i % lag] / phaseCount[i % lag]);
        }

        return result;
    }

    private static double[] Detrend(double[] x, int lag)
    {
        var n = x.Length;
        var prefix = new double[n + 1];
        for (var i = 0; i < n; i++)
        {
            prefix[i + 1] = prefix[i] + x[i];
        }

        var detrended = new double[n];
        var half = lag / 2;
        for (var i = 0; i < n; i++)
        {
            var from = Math.Max(0, i - half);
            var to = Math.Min(n, from + lag);
            from = Math.Max(0, to - lag);
            detrended[i] = x[i] - ((prefix[to] - prefix[from]) / (to - from));
        }

        return detrended;
    }

    /// <summary>Returns the seasonal strength of period <paramref name="lag"/> in the filled series <paramref name="x"/>.</summary>
    internal static double Strength(double[] x, int lag)
    {
        // Detrend with a centered moving average one season long (windows shrink at the edges), average the
        // detrended values per phase, and compare the remainder's variance with the detrended variance. The
        // remainder underestimates the noise by (cycles - 1) / cycles, which is corrected so noise scores near 0.
        var n = x.Length;
        var detrended = Detrend(x, lag);
        var phaseSum = new double[lag];
        var phaseCount = new int[lag];
        for (var i = 0; i < n; i++)
        {
            phaseSum[i % lag] += detrended[i];
            phaseCount[i % lag]++;
        }

        double total = 0;
        double remainder = 0;
        var mean = detrended.Average();
        for (var i = 0; i < n; i++)
        {
            var d = detrended[i] - mean;
            total += d * d;
            var r = detrended[i] - (phaseSum[i % lag] / phaseCount[i % lag]);
            remainder += r * r;
        }

        if (total <= 0)
        {
            return 0;
        }

        var cycles = (double)n / lag;
        var corrected = remainder * cycles / (cycles - 1);
        return Math.Max(0, 1 - (corrected / total));
    }

    private static double[] FillAndDetrend(ReadOnlySpan<double> series)
    {
        var n = series.Length;
        var x = new double[n];
        var previous = -1;
        for (var i = 0; i < n; i++)
        {
            if (!double.IsFinite(series[i]))
            {
                continue;
            }

            x[i] = series[i];
            if (previous < 0)
            {
                for (var j = 0; j < i; j++)
                {
                    x[j] = series[i];
                }
            }
            else
            {
                for (var j = previous + 1; j < i; j++)
                {
                    x[j] = series[previous] + ((series[i] - series[previous]) * (j - previous) / (i - previous));
                }
            }

            previous = i;
        }

        if (previous < 0)
        {
            return x;
        }

        for (var j = previous + 1; j < n; j++)
        {
            x[j] = series[previous];
        }

        // Extreme values (spikes, outages) would swamp the variance shares; fence them at 5 IQR.
        var sorted = (double[])x.Clone();
        Array.Sort(sorted);
        var q1 = MathNet.Numerics.Statistics.SortedArrayStatistics.Quantile(sorted, 0.25);
        var q3 = MathNet.Numerics.Statistics.SortedArrayStatistics.Quantile(sorted, 0.75);
        var iqr = q3 - q1;
        if (iqr > 0)
        {
            for (var i = 0; i < n; i++)
            {
                x[i] = Math.Clamp(x[i], q1 - (5 * iqr), q3 + (5 * iqr));
            }
        }

        var time = Generate.LinearRange(0, 1, n - 1);
        var (intercept, slope) = Fit.Line(time, x);
        for (var i = 0; i < n; i++)
        {
            x[i] -= intercept + (slope * i);
        }

        return x;
    }

    private static double[] Autocorrelation(double[] x)
    {
        // Wiener-Khinchin: the autocorrelation is the inverse transform of the power spectrum (zero-padded to avoid wrap-around).
        var size = 1;
        while (size < 2 * x.Length)
        {
            size <<= 1;
        }

        var buffer = new Complex[size];
        for (var i = 0; i < x.Length; i++)
        {
            buffer[i] = new Complex(x[i], 0);
        }

        Fourier.Forward(buffer, FourierOptions.NoScaling);
        for (var i = 0; i < size; i++)
        {
            buffer[i] = new Complex(buffer[i].Magnitude * buffer[i].Magnitude, 0);
        }

        Fourier.Inverse(buffer, FourierOptions.NoScaling);
        var acf = new double[x.Length];
        var zero = buffer[0].Real;
        for (var lag = 0; lag < x.Length; lag++)
        {
            acf[lag] = zero > 0 ? buffer[lag].Real / zero : 0;
        }

        return acf;
    }

    private static IEnumerable<int> PeriodogramPeaks(double[] x)
    {
        var n = x.Length;
        var buffer = new Complex[n];
        for (var i = 0; i < n; i++)
        {
            buffer[i] = new Complex(x[i], 0);
        }

        Fourier.Forward(buffer, FourierOptions.NoScaling);
        var peaks = new List<(int K, double Power)>();
        for (var k = 2; k <= n / 2; k++)
        {
            var power = buffer[k].Magnitude;
            var left = buffer[k - 1].Magnitude;
            var right = k + 1 <= n / 2 ? buffer[k + 1].Magnitude : 0;
            if (power > left && power >= right)
            {
                peaks.Add((k, power));
            }
        }

        return peaks.OrderByDescending(p => p.Power).Take(PeriodogramCandidates).Select(p => (int)Math.Round((double)n / p.K)).Where(p => p >= 2);
    }

    private static int RefineToAutocorrelationPeak(double[] acf, int period, double tolerance)
    {
        var from = Math.Max(2, (int)Math.Floor(period * (1 - tolerance)));
        var to = Math.Min(acf.Length - 1, (int)Math.Ceiling(period * (1 + tolerance)));
        var best = period;
        var bestValue = double.NegativeInfinity;
        for (var lag = from; lag <= to; lag++)
        {
            if (acf[lag] > bestValue)
            {
                bestValue = acf[lag];
                best = lag;
            }
        }

        return best;
    }
}
