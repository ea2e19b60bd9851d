using System.Globalization;
using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace ScaleSets.Prediction;

/// <summary>
/// Holt-Winters exponential smoothing (level, optional linear or damped trend, optional additive or multiplicative
/// season), updated online in O(1) per grain. The smoothing parameters are fitted by minimizing the one-step
/// squared error over the history: a coarse grid, then Nelder-Mead within bounds.
/// </summary>
internal sealed class HoltWintersModel : IForecastModel
{
    private const int MaxIterations = 150;
    private static readonly double[] AlphaGrid = [0.05, 0.2, 0.5, 0.85];
    private static readonly double[] BetaGrid = [0.005, 0.05];
    private static readonly double[] GammaGrid = [0.02, 0.1, 0.3];

    private readonly double[] _season;
    private double _level;
    private double _trend;
    private int _position;

    public HoltWintersModel(int seasonLength, SeasonalityKind seasonality, TrendKind trend)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seasonLength);
        if (seasonality != SeasonalityKind.None && seasonLength < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(seasonLength), seasonLength, "a seasonal model needs a season of at least 2 grains");
        }

        SeasonLength = seasonality == SeasonalityKind.None ? 0 : seasonLength;
        Seasonality = seasonality;
        Trend = trend;
        _season = new double[Math.Max(1, SeasonLength)];
    }

    public int SeasonLength { get; }

    public SeasonalityKind Seasonality { get; }

    public TrendKind Trend { get; }

    public double Alpha { get; private set; } = 0.5;

    public double Beta { get; private set; }

    public double Gamma { get; private set; }

    public double Phi { get; private set; } = 1;

    public double Level => _level;

    public double TrendValue => _trend;

    public string Name
    {
        get
        {
            var trend = Trend switch { TrendKind.Linear => ",trend", TrendKind.Damped => ",damped", _ => "" };
            return Seasonality switch
            {
                SeasonalityKind.None => "ExpSmoothing(" + (Trend == TrendKind.None ? "level" : trend.TrimStart(',')) + ")",
                SeasonalityKind.Additive => "HoltWinters(add," + SeasonLength.ToString(CultureInfo.InvariantCulture) + trend + ")",
                _ => "HoltWinters(mul," + SeasonLength.ToString(CultureInfo.InvariantCulture) + trend + ")",
            };
        }
    }

    public int MinimumHistory => Seasonality == SeasonalityKind.None ? 3 : (2 * SeasonLength) + 1;

    public bool IsFitted { get; private set; }

    public IForecastModel CreateUnfitted() => new HoltWintersModel(SeasonLength, Seasonality, Trend);

    public void Fit(ReadOnlySpan<double> history)
    {
        if (history.Length < MinimumHistory)
        {
            throw new ArgumentException($"{Name} needs {MinimumHistory} values, got {history.Length}", nameof(history));
        }

        var data = history.ToArray();
        var buffer = new double[_season.Length];
        var best = double.PositiveInfinity;
        double[] bestParameters = [Alpha, 0.01, 0.05, 0.95];
        foreach (var a in AlphaGrid)
        {
            foreach (var b in Trend == TrendKind.None ? [0.0] : BetaGrid)
            {
                foreach (var g in Seasonality == SeasonalityKind.None ? [0.0] : GammaGrid)
                {
                    double[] candidate = [a, b, g, Trend == TrendKind.Damped ? 0.95 : 1];
                    var sse = Sse(data, candidate, buffer);
                    if (sse < best)
                    {
                        best = sse;
                        bestParameters = candidate;
                    }
                }
            }
        }

        bestParameters = Refine(data, bestParameters, buffer, ref best);
        Alpha = bestParameters[0];
        Beta = bestParameters[1];
        Gamma = bestParameters[2];
        Phi = bestParameters[3];
        Initialize(data, _season, out _level, out _trend);
        _position = 0;
        foreach (var value in data)
        {
            Step(value, Alpha, Beta, Gamma, Phi, _season, ref _level, ref _trend, ref _position);
        }

        IsFitted = true;
    }

    public void Update(double value) => Step(value, Alpha, Beta, Gamma, Phi, _season, ref _level, ref _trend, ref _position);

    public void Forecast(Span<double> mean)
    {
        double damp = 0;
        double power = 1;
        for (var h = 0; h < mean.Length; h++)
        {
            power *= Phi;
            damp += power;
            var baseValue = _level + (damp * _trend);
            mean[h] = Seasonality switch
            {
                SeasonalityKind.None => baseValue,
                SeasonalityKind.Additive => baseValue + _season[(_position + h) % SeasonLength],
                _ => baseValue * _season[(_position + h) % SeasonLength],
            };
        }
    }

    private double[] Refine(double[] data, double[] start, double[] buffer, ref double best)
    {
        // Optimize only the free parameters, each mapped to its bounds through a logistic transform.
        var free = new List<(int Index, double Low, double High)> { (0, 0.001, 0.999) };
        if (Trend != TrendKind.None)
        {
            free.Add((1, 0.0001, 0.4));
        }

        if (Seasonality != SeasonalityKind.None)
        {
            free.Add((2, 0.0001, 0.6));
        }

        if (Trend == TrendKind.Damped)
        {
            free.Add((3, 0.8, 0.995));
        }

        var bestSeen = (double[])start.Clone();
        var bestValue = best;
        double[] Map(Vector<double> u)
        {
            var p = (double[])start.Clone();
            for (var i = 0; i < free.Count; i++)
            {
                var (index, low, high) = free[i];
                p[index] = low + ((high - low) * SpecialFunctions.Logistic(u[i]));
            }

            return p;
        }

        var initial = Vector<double>.Build.Dense(free.Count, i =>
        {
            var (index, low, high) = free[i];
            var x = Math.Clamp((start[index] - low) / (high - low), 1e-4, 1 - 1e-4);
            return SpecialFunctions.Logit(x);
        });
        var objective = ObjectiveFunction.Value(u =>
        {
            var p = Map(u);
            var sse = Sse(data, p, buffer);
            if (sse < bestValue)
            {
                bestValue = sse;
                bestSeen = p;
            }

            return sse;
        });
        try
        {
            NelderMeadSimplex.Minimum(objective, initial, 1e-7, MaxIterations);
        }
        catch (MaximumIterationsException)
        {
            // The best point seen so far is kept: a bounded search is enough for forecasting.
        }

        best = bestValue;
        return bestSeen;
    }

    private double Sse(double[] data, double[] p, double[] season)
    {
        Initialize(data, season, out var level, out var trend);
        var position = 0;
        double sse = 0;
        var warmup = SeasonLength;
        for (var t = 0; t < data.Length; t++)
        {
            var y = data[t];
            if (t >= warmup && double.IsFinite(y))
            {
                var forecast = OneStep(level, trend, p[3], season, position);
                var e = y - forecast;
                sse += e * e;
            }

            Step(y, p[0], p[1], p[2], p[3], season, ref level, ref trend, ref position);
        }

        return double.IsFinite(sse) ? sse : double.MaxValue;
    }

    private double OneStep(double level, double trend, double phi, double[] season, int position) => Seasonality switch
    {
        SeasonalityKind.None => level + (phi * trend),
        SeasonalityKind.Additive => level + (phi * trend) + season[position],
        _ => (level + (phi * trend)) * season[position],
    };

    private void Step(double y, double alpha, double beta, double gamma, double phi, double[] season, ref double level, ref double trend, ref int position)
    {
        var damped = level + (phi * trend);
        double s;
        switch (Seasonality)
        {
            case SeasonalityKind.None:
                if (!double.IsFinite(y))
                {
                    y = damped;
                }

                var noSeasonLevel = (alpha * y) + ((1 - alpha) * damped);
                trend = Trend == TrendKind.None ? 0 : (beta * (noSeasonLevel - level)) + ((1 - beta) * phi * trend);
                level = noSeasonLevel;
                return;
            case SeasonalityKind.Additive:
                s = season[position];
                if (!double.IsFinite(y))
                {
                    y = damped + s;
                }

                var addLevel = (alpha * (y - s)) + ((1 - alpha) * damped);
                trend = Trend == TrendKind.None ? 0 : (beta * (addLevel - level)) + ((1 - beta) * phi * trend);
                season[position] = (gamma * (y - addLevel)) + ((1 - gamma) * s);
                level = addLevel;
                break;
            default:
                s = season[position];
                if (!double.IsFinite(y))
                {
                    y = damped * s;
                }

                var mulLevel = (alpha * (y / s)) + ((1 - alpha) * damped);
                if (mulLevel <= 1e-9)
                {
                    mulLevel = 1e-9;
                }

                trend = Trend == TrendKind.None ? 0 : (beta * (mulLevel - level)) + ((1 - beta) * phi * trend);
                season[position] = Math.Max(1e-3, (gamma * (y / mulLevel)) + ((1 - gamma) * s));
                level = mulLevel;
                break;
        }

        position++;
        if (position == SeasonLength)
        {
            position = 0;
        }
    }

    private void Initialize(double[] data, double[] season, out double level, out double trend)
    {
        if (Seasonality == SeasonalityKind.None)
        {
            level = SeriesStatistics.FiniteMean(data.AsSpan(0, Math.Min(data.Length, 5)));
            trend = 0;
            return;
        }

        var m = SeasonLength;
        var first = SeriesStatistics.FiniteMean(data.AsSpan(0, m));
        var second = SeriesStatistics.FiniteMean(data.AsSpan(m, m));
        level = first;
        trend = Trend == TrendKind.None ? 0 : (second - first) / m;
        for (var j = 0; j < m; j++)
        {
            double sum = 0;
            var count = 0;
            for (var c = 0; c < 2; c++)
            {
                var y = data[(c * m) + j];
                var seasonMean = c == 0 ? first : second;
                if (double.IsFinite(y))
                {
                    sum += Seasonality == SeasonalityKind.Additive ? y - seasonMean : y / Math.Max(seasonMean, 1e-9);
                    count++;
                }
            }

            season[j] = count > 0 ? sum / count : Seasonality == SeasonalityKind.Additive ? 0 : 1;
            if (Seasonality == SeasonalityKind.Multiplicative)
            {
                season[j] = Math.Max(season[j], 1e-3);
            }
        }
    }
}
