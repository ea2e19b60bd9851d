using MathNet.Numerics.Statistics;

namespace ScaleSets.Prediction;

/// <summary>NaN-aware statistics over series spans.</summary>
internal static class SeriesStatistics
{
    /// <summary>Returns the mean of the finite values, or 0 when there are none.</summary>
    public static double FiniteMean(ReadOnlySpan<double> values)
    {
        double sum = 0;
        var count = 0;
        foreach (var v in values)
        {
            if (double.IsFinite(v))
            {
                sum += v;
                count++;
            }
        }

        return count == 0 ? 0 : sum / count;
    }

    /// <summary>Returns the finite values as a new array.</summary>
    public static double[] Finite(ReadOnlySpan<double> values)
    {
        var result = new List<double>(values.Length);
        foreach (var v in values)
        {
            if (double.IsFinite(v))
            {
                result.Add(v);
            }
        }

        return [.. result];
    }

    /// <summary>Returns the median of the finite values, or NaN when there are none.</summary>
    public static double FiniteMedian(ReadOnlySpan<double> values)
    {
        var finite = Finite(values);
        return finite.Length == 0 ? double.NaN : ArrayStatistics.MedianInplace(finite);
    }

    /// <summary>Returns the median absolute deviation from the median of the finite values, or NaN when there are none.</summary>
    public static double FiniteMad(ReadOnlySpan<double> values)
    {
        var finite = Finite(values);
        if (finite.Length == 0)
        {
            return double.NaN;
        }

        var median = ArrayStatistics.MedianInplace(finite);
        for (var i = 0; i < finite.Length; i++)
        {
            finite[i] = Math.Abs(finite[i] - median);
        }

        return ArrayStatistics.MedianInplace(finite);
    }

    /// <summary>Returns the mean absolute difference between values <paramref name="lag"/> apart (both finite), or NaN when there is no pair.</summary>
    public static double LaggedMeanAbsoluteDifference(ReadOnlySpan<double> values, int lag)
    {
        double sum = 0;
        var count = 0;
        for (var i = lag; i < values.Length; i++)
        {
            if (double.IsFinite(values[i]) && double.IsFinite(values[i - lag]))
            {
                sum += Math.Abs(values[i] - values[i - lag]);
                count++;
            }
        }

        return count == 0 ? double.NaN : sum / count;
    }
}
