namespace ScaleSets.Prediction;

/// <summary>
/// The accuracy of forecasts made online: each grain's forecast issued a fixed number of grains ahead is compared
/// with the value that arrives, and scaled by the one-step seasonal naive error over the same recent window (MASE).
/// </summary>
internal sealed class OnlineAccuracy
{
    private readonly double[] _pending;
    private readonly double[] _modelErrors;
    private readonly double[] _naiveErrors;
    private readonly double[] _recent;
    private readonly int _season;
    private long _grain;
    private int _count;
    private int _next;
    private double _modelSum;
    private double _naiveSum;

    public OnlineAccuracy(int window, int season, int maxAhead)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAhead, 1);
        _season = Math.Max(1, season);
        _pending = new double[maxAhead + 1];
        _pending.AsSpan().Fill(double.NaN);
        _modelErrors = new double[window];
        _naiveErrors = new double[window];
        _recent = new double[_season];
        _recent.AsSpan().Fill(double.NaN);
    }

    /// <summary>Gets the rolling MASE, or NaN before any forecast could be compared.</summary>
    public double Mase => _count == 0 || !(_naiveSum > 0) ? double.NaN : _modelSum / _naiveSum;

    /// <summary>Gets how many forecasts are in the window.</summary>
    public int Count => _count;

    /// <summary>Seeds the seasonal naive reference with the end of the history, so accuracy is measured from the first grain on.</summary>
    /// <param name="history">The history the model was fitted on.</param>
    public void Seed(ReadOnlySpan<double> history)
    {
        var count = Math.Min(_season, history.Length);
        for (var g = 0; g < count; g++)
        {
            _recent[(_season - count + g) % _season] = history[history.Length - count + g];
        }
    }

    /// <summary>Records the value of the grain that just completed and scores the forecast made for it.</summary>
    /// <returns>The forecast that was made for this grain, or NaN when none was.</returns>
    public double Observe(double value)
    {
        var slot = (int)(_grain % _pending.Length);
        var forecast = _pending[slot];
        _pending[slot] = double.NaN;
        var seasonAgo = _recent[(int)(_grain % _season)];
        if (double.IsFinite(value) && double.IsFinite(forecast) && double.IsFinite(seasonAgo))
        {
            _modelSum += Math.Abs(value - forecast) - _modelErrors[_next];
            _naiveSum += Math.Abs(value - seasonAgo) - _naiveErrors[_next];
            _modelErrors[_next] = Math.Abs(value - forecast);
            _naiveErrors[_next] = Math.Abs(value - seasonAgo);
            _next = (_next + 1) % _modelErrors.Length;
            _count = Math.Min(_count + 1, _modelErrors.Length);
        }

        _recent[(int)(_grain % _season)] = value;
        _grain++;
        return forecast;
    }

    /// <summary>Records the forecast made now for the grain <paramref name="ahead"/> grains after the next one to complete.</summary>
    public void Forecast(int ahead, double value)
    {
        if (ahead >= 0 && ahead < _pending.Length - 1)
        {
            _pending[(int)((_grain + ahead) % _pending.Length)] = value;
        }
    }
}
