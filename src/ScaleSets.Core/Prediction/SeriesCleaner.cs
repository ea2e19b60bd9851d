using System.Globalization;
using MathNet.Numerics.Statistics;

namespace ScaleSets.Prediction;

/// <summary>
/// Prepares a series for fitting: runs of exact zeros in a series otherwise well above zero are outages (missing),
/// and isolated spikes (robust z-score against a rolling median, scaled by the MAD) are clipped.
/// </summary>
internal static class SeriesCleaner
{
    /// <summary>The robust z-score beyond which a point is a spike.</summary>
    public const double SpikeThreshold = 6;

    /// <summary>The shortest run of zeros taken as an outage.</summary>
    public const int MinimumOutageRun = 2;

    private const int HalfWindow = 3;
    private const double MaximumZeroShare = 0.05;

    /// <summary>Cleans <paramref name="raw"/>.</summary>
    /// <param name="raw">The series; NaN or infinity = missing.</param>
    /// <param name="seasonLength">The season in grains (0 = none): a pattern that repeats every season is not a spike.</param>
    /// <param name="clipSpikes">Whether spikes are clipped.</param>
    public static CleanedSeries Clean(ReadOnlySpan<double> raw, int seasonLength = 0, bool clipSpikes = true)
    {
        var values = raw.ToArray();
        var diagnostics = new List<ForecastDiagnostic>();
        var gaps = 0;
        foreach (var v in values)
        {
            if (!double.IsFinite(v))
            {
                gaps++;
            }
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                values[i] = double.NaN;
            }
        }

        if (gaps > 0)
        {
            diagnostics.Add(new ForecastDiagnostic(ForecastDiagnosticKind.Gaps, -1, gaps, Invariant($"{gaps} grains without data were treated as missing")));
        }

        var outages = MaskOutageZeros(values, diagnostics);
        var spikes = clipSpikes ? ClipSpikes(values, seasonLength) : 0;
        if (spikes > 0)
        {
            diagnostics.Add(new ForecastDiagnostic(ForecastDiagnosticKind.Spikes, -1, spikes, Invariant($"{spikes} isolated spikes (robust z-score above {SpikeThreshold}) were clipped for fitting")));
        }

        return new CleanedSeries(values, gaps, outages, spikes, diagnostics);
    }

    /// <summary>Sets runs of outage zeros to NaN in place, when the series is otherwise well above zero.</summary>
    /// <returns>How many grains were masked.</returns>
    public static int MaskOutageZeros(double[] values, List<ForecastDiagnostic>? diagnostics = null)
    {
        var finite = SeriesStatistics.Finite(values);
        if (finite.Length == 0)
        {
            return 0;
        }

        var zeros = finite.Count(v => v == 0);
        var median = ArrayStatistics.MedianInplace(finite);
        if (zeros == 0 || median <= 0 || zeros > MaximumZeroShare * finite.Length)
        {
            return 0;
        }

        var masked = 0;
        var i = 0;
        while (i < values.Length)
        {
            if (values[i] != 0)
            {
                i++;
                continue;
            }

            var start = i;
            while (i < values.Length && values[i] == 0)
            {
                i++;
            }

            var length = i - start;
            if (length >= MinimumOutageRun)
            {
                values.AsSpan(start, length).Fill(double.NaN);
                masked += length;
                diagnostics?.Add(new ForecastDiagnostic(ForecastDiagnosticKind.OutageZeros, start, length, Invariant($"{length} zero grains from index {start} in a series with median {median:G4} were taken as an outage and treated as missing")));
            }
        }

        return masked;
    }

    private static int ClipSpikes(double[] values, int seasonLength)
    {
        var n = values.Length;
        if (n < (2 * HalfWindow) + 1)
        {
            return 0;
        }

        // A spike is judged after removing the seasonal profile (per-phase median), so a burst that comes back
        // every season (an hourly job) is pattern, not a spike; and against the spread of its own phase.
        var m = seasonLength >= 2 && n >= 2 * seasonLength ? seasonLength : 1;
        var profile = PhaseMedians(values, m);
        var adjusted = new double[n];
        for (var i = 0; i < n; i++)
        {
            adjusted[i] = values[i] - profile[i % m];
        }

        var medians = new double[n];
        var residuals = new double[n];
        var window = new List<double>((2 * HalfWindow) + 1);
        for (var i = 0; i < n; i++)
        {
            window.Clear();
            for (var j = Math.Max(0, i - HalfWindow); j <= Math.Min(n - 1, i + HalfWindow); j++)
            {
                if (double.IsFinite(adjusted[j]))
                {
                    window.Add(adjusted[j]);
                }
            }

            medians[i] = window.Count == 0 ? double.NaN : ArrayStatistics.MedianInplace([.. window]);
            residuals[i] = adjusted[i] - medians[i];
        }

        var globalSigma = 1.4826 * SeriesStatistics.FiniteMad(residuals);
        if (!(globalSigma > 0))
        {
            return 0;
        }

        var phaseSigma = new double[m];
        for (var p = 0; p < m; p++)
        {
            var phase = new List<double>((n / m) + 1);
            for (var i = p; i < n; i += m)
            {
                phase.Add(residuals[i]);
            }

            phaseSigma[p] = Math.Max(globalSigma, m == 1 ? 0 : 1.4826 * SeriesStatistics.FiniteMad(phase.ToArray()));
        }

        var clipped = 0;
        for (var i = 0; i < n; i++)
        {
            var limit = SpikeThreshold * phaseSigma[i % m];
            if (double.IsFinite(residuals[i]) && Math.Abs(residuals[i]) > limit)
            {
                values[i] = profile[i % m] + medians[i] + Math.CopySign(limit, residuals[i]);
                clipped++;
            }
        }

        return clipped;
    }

    private static double[] PhaseMedians(double[] values, int m)
    {
        var profile = new double[m];
        if (m == 1)
        {
            return profile;
        }

        var overall = SeriesStatistics.FiniteMedian(values);
        var phase = new List<double>((values.Length / m) + 1);
        for (var p = 0; p < m; p++)
        {
            phase.Clear();
            for (var i = p; i < values.Length; i += m)
            {
                if (double.IsFinite(values[i]))
                {
                    phase.Add(values[i]);
                }
            }

            profile[p] = phase.Count == 0 ? 0 : ArrayStatistics.MedianInplace([.. phase]) - overall;
        }

        return profile;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
