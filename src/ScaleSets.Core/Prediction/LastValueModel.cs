namespace ScaleSets.Prediction;

/// <summary>The naive baseline: every future grain equals the last value observed.</summary>
internal sealed class LastValueModel : IForecastModel
{
    private double _last = double.NaN;

    public string Name => "LastValue";

    public int MinimumHistory => 1;

    public bool IsFitted { get; private set; }

    public void Fit(ReadOnlySpan<double> history)
    {
        _last = double.NaN;
        for (var i = history.Length - 1; i >= 0; i--)
        {
            if (double.IsFinite(history[i]))
            {
                _last = history[i];
                break;
            }
        }

        if (double.IsNaN(_last))
        {
            _last = 0;
        }

        IsFitted = true;
    }

    public void Update(double value)
    {
        if (double.IsFinite(value))
        {
            _last = value;
        }
    }

    public void Forecast(Span<double> mean) => mean.Fill(_last);

    public IForecastModel CreateUnfitted() => new LastValueModel();
}
