using System.Globalization;

namespace ScaleSets.Prediction;

/// <summary>The seasonal baseline: every future grain equals the value one season earlier.</summary>
internal sealed class SeasonalNaiveModel : IForecastModel
{
    private readonly double[] _ring;
    private int _next;

    public SeasonalNaiveModel(int seasonLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seasonLength, 1);
        SeasonLength = seasonLength;
        _ring = new double[seasonLength];
    }

    public int SeasonLength { get; }

    public string Name => "SeasonalNaive(" + SeasonLength.ToString(CultureInfo.InvariantCulture) + ")";

    public int MinimumHistory => SeasonLength;

    public bool IsFitted { get; private set; }

    public void Fit(ReadOnlySpan<double> history)
    {
        if (history.Length < SeasonLength)
        {
            throw new ArgumentException($"seasonal naive needs {SeasonLength} values, got {history.Length}", nameof(history));
        }

        // Missing values take the latest earlier season's value at the same phase, else the series mean.
        var fallback = SeriesStatistics.FiniteMean(history);
        _ring.AsSpan().Fill(double.NaN);
        _next = 0;
        for (var i = 0; i < history.Length; i++)
        {
            var slot = i % SeasonLength;
            if (double.IsFinite(history[i]))
            {
                _ring[slot] = history[i];
            }
        }

        for (var slot = 0; slot < SeasonLength; slot++)
        {
            if (double.IsNaN(_ring[slot]))
            {
                _ring[slot] = fallback;
            }
        }

        _next = history.Length % SeasonLength;
        IsFitted = true;
    }

    public void Update(double value)
    {
        if (double.IsFinite(value))
        {
            _ring[_next] = value;
        }

        _next = (_next + 1) % SeasonLength;
    }

    public void Forecast(Span<double> mean)
    {
        for (var h = 0; h < mean.Length; h++)
        {
            mean[h] = _ring[(_next + h) % SeasonLength];
        }
    }

    public IForecastModel CreateUnfitted() => new SeasonalNaiveModel(SeasonLength);
}
