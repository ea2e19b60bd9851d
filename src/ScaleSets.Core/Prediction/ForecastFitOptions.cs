namespace ScaleSets.Prediction;

/// <summary>How <see cref="ForecastFitter"/> fits and selects.</summary>
internal sealed class ForecastFitOptions
{
    /// <summary>Gets or sets the grain of the series, used to favour daily and weekly seasons.</summary>
    public TimeSpan? Grain { get; set; }

    /// <summary>Gets or sets the horizon of the backtest, in grains.</summary>
    public int Horizon { get; set; } = 6;

    /// <summary>Gets or sets the share of the history used for the backtest (its last part).</summary>
    public double BacktestShare { get; set; } = 0.25;

    /// <summary>Gets or sets the most origins a backtest uses (they are spread evenly).</summary>
    public int MaxOrigins { get; set; } = 600;

    /// <summary>Gets or sets whether the mean of the best two or three models may be selected.</summary>
    public bool AllowCombination { get; set; } = true;

    /// <summary>Gets or sets whether level shifts cut the history.</summary>
    public bool DetectLevelShifts { get; set; } = true;

    /// <summary>Gets or sets the seasons to use instead of detecting them.</summary>
    public IReadOnlyList<int>? Seasons { get; set; }

    /// <summary>Gets or sets the clock that measures fit times.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;
}
