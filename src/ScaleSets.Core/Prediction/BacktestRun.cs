namespace ScaleSets.Prediction;

/// <summary>The forecasts one model made at each origin of a rolling-origin backtest.</summary>
internal sealed class BacktestRun
{
    public BacktestRun(IForecastModel model, int[] origins, double[] forecasts, int horizon, TimeSpan fitTime, bool isBaseline)
    {
        Model = model;
        Origins = origins;
        Forecasts = forecasts;
        Horizon = horizon;
        FitTime = fitTime;
        IsBaseline = isBaseline;
    }

    /// <summary>Gets the model, updated to the end of the series.</summary>
    public IForecastModel Model { get; }

    /// <summary>Gets the origins: the index of the first forecast grain of each origin.</summary>
    public int[] Origins { get; }

    /// <summary>Gets the forecasts, <see cref="Horizon"/> per origin, origin after origin.</summary>
    public double[] Forecasts { get; }

    public int Horizon { get; }

    /// <summary>Gets the mean time one fit took.</summary>
    public TimeSpan FitTime { get; }

    public bool IsBaseline { get; }

    public string Name => Model.Name;
}
