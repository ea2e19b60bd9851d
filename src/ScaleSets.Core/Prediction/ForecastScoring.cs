namespace ScaleSets.Prediction;

/// <summary>Scores backtest forecasts against actual values: MASE, sMAPE, the share of under-forecasts.</summary>
internal static class ForecastScoring
{
    /// <summary>Returns the MASE scale: the in-sample one-step MAE of the seasonal naive forecast (naive when <paramref name="seasonLength"/> &lt; 2).</summary>
    public static double Scale(ReadOnlySpan<double> insample, int seasonLength)
    {
        var lag = seasonLength >= 2 && insample.Length > seasonLength ? seasonLength : 1;
        var scale = SeriesStatistics.LaggedMeanAbsoluteDifference(insample, lag);
        return double.IsFinite(scale) && scale > 0 ? scale : 1;
    }

    /// <summary>Scores forecasts given per origin (<paramref name="horizon"/> values each) against <paramref name="actuals"/>.</summary>
    public static ModelScore Score(string name, int[] origins, double[] forecasts, int horizon, double[] actuals, double scale, TimeSpan fitTime, bool isBaseline)
    {
        double absolute = 0;
        double smape = 0;
        var smapeCount = 0;
        var under = 0;
        var count = 0;
        for (var o = 0; o < origins.Length; o++)
        {
            for (var h = 0; h < horizon; h++)
            {
                var t = origins[o] + h;
                if (t >= actuals.Length || !double.IsFinite(actuals[t]))
                {
                    continue;
                }

                var actual = actuals[t];
                var forecast = forecasts[(o * horizon) + h];
                var error = Math.Abs(actual - forecast);
                absolute += error;
                count++;
                if (forecast < actual)
                {
                    under++;
                }

                var denominator = Math.Abs(actual) + Math.Abs(forecast);
                if (denominator > 0)
                {
                    smape += 200 * error / denominator;
                    smapeCount++;
                }
            }
        }

        return count == 0
            ? new ModelScore(name, double.NaN, double.NaN, double.NaN, fitTime, 0, isBaseline)
            : new ModelScore(name, absolute / count / scale, smapeCount == 0 ? 0 : smape / smapeCount, (double)under / count, fitTime, count, isBaseline);
    }

    /// <summary>Returns the residuals (actual − forecast) of each horizon step.</summary>
    public static double[][] ResidualsByStep(int[] origins, double[] forecasts, int horizon, double[] actuals)
    {
        var result = new List<double>[horizon];
        for (var h = 0; h < horizon; h++)
        {
            result[h] = new List<double>(origins.Length);
        }

        for (var o = 0; o < origins.Length; o++)
        {
            for (var h = 0; h < horizon; h++)
            {
                var t = origins[o] + h;
                if (t < actuals.Length && double.IsFinite(actuals[t]))
                {
                    result[h].Add(actuals[t] - forecasts[(o * horizon) + h]);
                }
            }
        }

        return [.. result.Select(r => r.ToArray())];
    }

    /// <summary>Returns the forecasts of the mean of several runs with the same origins.</summary>
    public static double[] Mean(IReadOnlyList<BacktestRun> runs)
    {
        var result = new double[runs[0].Forecasts.Length];
        foreach (var run in runs)
        {
            for (var i = 0; i < result.Length; i++)
            {
                result[i] += run.Forecasts[i];
            }
        }

        for (var i = 0; i < result.Length; i++)
        {
            result[i] /= runs.Count;
        }

        return result;
    }
}
