using MathNet.Numerics.Statistics;

namespace ScaleSets.Prediction;

/// <summary>
/// Empirical prediction intervals: for each horizon step, the quantiles of the backtest residuals (actual − forecast)
/// of that step. Steps beyond the backtest horizon use the last step's residuals.
/// </summary>
internal sealed class PredictionIntervals
{
    private readonly double[][] _sortedResiduals;

    public PredictionIntervals(double[][] residualsByStep)
    {
        ArgumentNullException.ThrowIfNull(residualsByStep);
        _sortedResiduals = new double[residualsByStep.Length][];
        for (var h = 0; h < residualsByStep.Length; h++)
        {
            var sorted = residualsByStep[h].Where(double.IsFinite).ToArray();
            Array.Sort(sorted);
            _sortedResiduals[h] = sorted;
        }
    }

    /// <summary>Gets the number of horizon steps with their own residuals.</summary>
    public int Steps => _sortedResiduals.Length;

    /// <summary>Returns the offset to add to the mean forecast of step <paramref name="step"/> (0-based) for <paramref name="quantile"/>.</summary>
    public double Offset(int step, double quantile)
    {
        if (_sortedResiduals.Length == 0)
        {
            return 0;
        }

        var residuals = _sortedResiduals[Math.Min(step, _sortedResiduals.Length - 1)];
        return residuals.Length == 0 ? 0 : SortedArrayStatistics.Quantile(residuals, quantile);
    }

    /// <summary>Writes the upper bound at <paramref name="quantile"/> of each step of <paramref name="mean"/>.</summary>
    public void Upper(ReadOnlySpan<double> mean, double quantile, Span<double> upper)
    {
        for (var h = 0; h < mean.Length; h++)
        {
            upper[h] = mean[h] + Offset(h, quantile);
        }
    }
}
