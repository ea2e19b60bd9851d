using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;
using MathNet.Numerics.Statistics;

namespace ScaleSets.Prediction;

/// <summary>
/// A least-squares regression on an intercept, a linear trend and Fourier terms (K harmonics) of one or more seasons
/// at once (for example daily and weekly), with AR(1) errors so the forecast starts from where the series is now.
/// Online updates are O(number of seasons): the seasonal part of each season is precomputed per phase.
/// </summary>
internal sealed class FourierRegressionModel : IForecastModel
{
    private readonly int[] _seasons;
    private readonly int[] _harmonics;
    private double[][] _profiles = [];
    private double _intercept;
    private double _slope;
    private double _phi;
    private double _residual;
    private long _time;

    public FourierRegressionModel(IReadOnlyList<int> seasons, IReadOnlyList<int> harmonics, bool trend = true)
    {
        ArgumentNullException.ThrowIfNull(seasons);
        ArgumentNullException.ThrowIfNull(harmonics);
        if (seasons.Count == 0 || seasons.Count != harmonics.Count)
        {
            throw new ArgumentException("one harmonic count per season is needed, and at least one season", nameof(harmonics));
        }

        for (var i = 0; i < seasons.Count; i++)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(seasons[i], 2, nameof(seasons));
            ArgumentOutOfRangeException.ThrowIfLessThan(harmonics[i], 1, nameof(harmonics));
        }

        _seasons = [.. seasons];
        _harmonics = [.. harmonics];
        HasTrend = trend;
    }

    public bool HasTrend { get; }

    public double ResidualAutocorrelation => _phi;

    public string Name =>
        "Fourier(" + string.Join("+", _seasons.Select((s, i) => s.ToString(CultureInfo.InvariantCulture) + "x" + _harmonics[i].ToString(CultureInfo.InvariantCulture)))
        + (HasTrend ? ",trend" : "") + ")";

    public int MinimumHistory => Math.Max(2 * _seasons.Max(), 8);

    public bool IsFitted { get; private set; }

    public IForecastModel CreateUnfitted() => new FourierRegressionModel(_seasons, _harmonics, HasTrend);

    public void Fit(ReadOnlySpan<double> history)
    {
        if (history.Length < MinimumHistory)
        {
            throw new ArgumentException($"{Name} needs {MinimumHistory} values, got {history.Length}", nameof(history));
        }

        var terms = SelectTerms();
        var rows = new List<int>(history.Length);
        for (var t = 0; t < history.Length; t++)
        {
            if (double.IsFinite(history[t]))
            {
                rows.Add(t);
            }
        }

        var columns = 1 + (HasTrend ? 1 : 0) + (2 * terms.Count);
        if (rows.Count < columns + 2)
        {
            throw new ArgumentException($"{Name} needs at least {columns + 2} observed values, got {rows.Count}", nameof(history));
        }

        var scale = history.Length;
        var design = Matrix<double>.Build.Dense(rows.Count, columns);
        var target = Vector<double>.Build.Dense(rows.Count);
        for (var r = 0; r < rows.Count; r++)
        {
            var t = rows[r];
            design[r, 0] = 1;
            var c = 1;
            if (HasTrend)
            {
                design[r, c++] = (double)t / scale;
            }

            foreach (var (season, k) in terms)
            {
                var angle = 2 * Math.PI * k * (t % season) / season;
                design[r, c++] = Math.Sin(angle);
                design[r, c++] = Math.Cos(angle);
            }

            target[r] = history[t];
        }

        // Thin QR: the full QR of MultipleRegression.QR would build an n × n Q (130 MB for two weeks of 5-min data).
        var beta = design.QR(QRMethod.Thin).Solve(target);
        _intercept = beta[0];
        _slope = HasTrend ? beta[1] / scale : 0;
        _profiles = new double[_seasons.Length][];
        for (var s = 0; s < _seasons.Length; s++)
        {
            _profiles[s] = new double[_seasons[s]];
        }

        var column = 1 + (HasTrend ? 1 : 0);
        foreach (var (season, k) in terms)
        {
            var profile = _profiles[Array.IndexOf(_seasons, season)];
            for (var phase = 0; phase < season; phase++)
            {
                var angle = 2 * Math.PI * k * phase / season;
                profile[phase] += (beta[column] * Math.Sin(angle)) + (beta[column + 1] * Math.Cos(angle));
            }

            column += 2;
        }

        FitResidualAutocorrelation(history);
        _time = history.Length;
        _residual = 0;
        for (var t = history.Length - 1; t >= 0; t--)
        {
            if (double.IsFinite(history[t]))
            {
                _residual = (history[t] - Deterministic(t)) * Math.Pow(_phi, history.Length - 1 - t);
                break;
            }
        }

        IsFitted = true;
    }

    public void Update(double value)
    {
        _residual = double.IsFinite(value) ? value - Deterministic(_time) : _phi * _residual;
        _time++;
    }

    public void Forecast(Span<double> mean)
    {
        var carry = _residual;
        for (var h = 0; h < mean.Length; h++)
        {
            carry *= _phi;
            mean[h] = Deterministic(_time + h) + carry;
        }
    }

    private double Deterministic(long t)
    {
        var value = _intercept + (_slope * t);
        for (var s = 0; s < _seasons.Length; s++)
        {
            value += _profiles[s][(int)(t % _seasons[s])];
        }

        return value;
    }

    private void FitResidualAutocorrelation(ReadOnlySpan<double> history)
    {
        var previous = new List<double>(history.Length);
        var current = new List<double>(history.Length);
        for (var t = 1; t < history.Length; t++)
        {
            if (double.IsFinite(history[t]) && double.IsFinite(history[t - 1]))
            {
                previous.Add(history[t - 1] - Deterministic(t - 1));
                current.Add(history[t] - Deterministic(t));
            }
        }

        var phi = previous.Count > 2 ? Correlation.Pearson(previous, current) : 0;
        _phi = double.IsFinite(phi) ? Math.Clamp(phi, 0, 0.995) : 0;
    }

    private List<(int Season, int K)> SelectTerms()
    {
        // A harmonic of a longer season that has the frequency of a shorter season's harmonic would make the
        // design matrix singular (the 7th weekly harmonic is the 1st daily one), so it is left out.
        var terms = new List<(int Season, int K)>();
        for (var s = 0; s < _seasons.Length; s++)
        {
            var season = _seasons[s];
            var maxK = Math.Min(_harmonics[s], (season - 1) / 2);
            for (var k = 1; k <= Math.Max(1, maxK); k++)
            {
                var frequency = (double)k / season;
                var duplicate = terms.Exists(term => Math.Abs(((double)term.K / term.Season) - frequency) < 1e-12);
                if (!duplicate)
                {
                    terms.Add((season, k));
                }
            }
        }

        return terms;
    }
}
