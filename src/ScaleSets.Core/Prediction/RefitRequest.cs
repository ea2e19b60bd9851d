namespace ScaleSets.Prediction;

/// <summary>
/// What a refit of a <see cref="PredictiveScaler"/> needs, copied out of it so the fit can run on any thread while the
/// scaler goes on observing grains; <see cref="PredictiveScaler.Fit"/> turns it into a <see cref="RefitOutcome"/>.
/// </summary>
internal sealed class RefitRequest
{
    /// <summary>Gets the history to fit, a copy.</summary>
    public required double[] History { get; init; }

    /// <summary>Gets how many grains the scaler had appended in all when the history was copied.</summary>
    public required long Appended { get; init; }

    /// <summary>Gets the scaler's reset count when the history was copied; a fit of a history since dropped is not applied.</summary>
    public required int Resets { get; init; }

    /// <summary>Gets the forecast horizon, in grains, the accuracy tracking and the backtest are sized for.</summary>
    public required int Horizon { get; init; }

    public required TimeSpan Grain { get; init; }

    public required bool AllowCombination { get; init; }

    /// <summary>Gets the clock that measures the fit's duration.</summary>
    public required TimeProvider Clock { get; init; }
}
