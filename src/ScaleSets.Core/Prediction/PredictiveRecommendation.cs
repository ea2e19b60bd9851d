using ScaleSets.Model;

namespace ScaleSets.Prediction;

/// <summary>
/// What a predictive policy recommends at one evaluation, and why: its status, the forecast over the lead window with
/// its upper bound, the model in use, its accuracy so far and the capacity the forecast calls for.
/// </summary>
public readonly record struct PredictiveRecommendation
{
    /// <summary>Gets whether the policy takes part or why it stands aside.</summary>
    public PredictiveStatus Status { get; init; }

    /// <summary>Gets the mode of the policy.</summary>
    public PredictiveScalingMode Mode { get; init; }

    /// <summary>Gets a value indicating whether <see cref="CapacityFloor"/> should bind the decision (mode Enabled and status Active).</summary>
    public bool IsBinding => Mode == PredictiveScalingMode.Enabled && Status == PredictiveStatus.Active;

    /// <summary>Gets a sentence explaining the status, for decision logs and the CLI.</summary>
    public string Reason { get; init; }

    /// <summary>Gets how much more history is needed, when <see cref="Status"/> is <see cref="PredictiveStatus.InsufficientHistory"/>; otherwise zero.</summary>
    public TimeSpan MissingHistory { get; init; }

    /// <summary>Gets the model in use, or <see langword="null"/> before the first fit.</summary>
    public string? Model { get; init; }

    /// <summary>Gets the backtest MASE of the model in use, or NaN.</summary>
    public double ModelMase { get; init; }

    /// <summary>Gets the backtest MASE of seasonal naive (the baseline the model must beat), or NaN.</summary>
    public double SeasonalNaiveMase { get; init; }

    /// <summary>Gets the MASE of the forecasts made online so far (each past lead-window forecast against what happened), or NaN before there are any.</summary>
    public double RollingMase { get; init; }

    /// <summary>Gets the start of the forecast window (the first grain not yet observed).</summary>
    public DateTimeOffset ForecastFrom { get; init; }

    /// <summary>Gets the end of the forecast window: now + lead time + evaluation interval, rounded up to a grain.</summary>
    public DateTimeOffset ForecastUntil { get; init; }

    /// <summary>Gets the largest mean forecast over the window, or NaN when not active.</summary>
    public double ForecastMean { get; init; }

    /// <summary>Gets the largest upper bound (at <see cref="Quantile"/>) over the window, or NaN when not active.</summary>
    public double ForecastUpper { get; init; }

    /// <summary>Gets the quantile of the upper bound.</summary>
    public double Quantile { get; init; }

    /// <summary>Gets the capacity the upper forecast calls for, or <see langword="null"/> when not active.</summary>
    public int? CapacityFloor { get; init; }

    /// <summary>Gets the capacity predictive scale-in would allow (with the safety margin), or <see langword="null"/> when scale-in is off or not active.</summary>
    public int? ScaleInCapacity { get; init; }

    /// <summary>Gets what the last fit found and did (gaps, outages, spikes, level shifts, seasons, the selection).</summary>
    public IReadOnlyList<ForecastDiagnostic> Diagnostics { get; init; }
}
