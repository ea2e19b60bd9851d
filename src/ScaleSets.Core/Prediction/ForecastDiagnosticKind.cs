namespace ScaleSets.Prediction;

/// <summary>What the forecaster found in a series, or did about it.</summary>
public enum ForecastDiagnosticKind
{
    /// <summary>Grains without data (gaps) were treated as missing.</summary>
    Gaps,

    /// <summary>Runs of exact zeros in a series otherwise well above zero (outages) were treated as missing.</summary>
    OutageZeros,

    /// <summary>Isolated spikes were clipped for fitting.</summary>
    Spikes,

    /// <summary>A level shift was found; the models were fitted on the data after it.</summary>
    LevelShift,

    /// <summary>A level shift was found but too little data follows it to fit on that alone; the whole history was used.</summary>
    LevelShiftIgnored,

    /// <summary>One or two seasons were detected.</summary>
    Seasons,

    /// <summary>No season was detected.</summary>
    NoSeason,

    /// <summary>A model was selected by backtest.</summary>
    ModelSelected,
}
