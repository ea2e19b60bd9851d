namespace ScaleSets.State;

/// <summary>
/// A forecaster's state: its history, and what refits its model deterministically (the history the last fit saw and
/// how many grains arrived since), instead of the model's own parameters.
/// </summary>
public sealed record PredictiveStateSnapshot
{
    /// <summary>Gets the metric forecast; a restore matches it.</summary>
    public required string Metric { get; init; }

    /// <summary>Gets the metric's grain; a restore matches it.</summary>
    public TimeSpan Grain { get; init; }

    /// <summary>Gets the index of the next grain the engine will feed the forecaster, or -1 before the first.</summary>
    public long NextFeedGrain { get; init; } = -1;

    /// <summary>Gets the grains of history, oldest first; <see langword="null"/> for a grain without data.</summary>
    public IReadOnlyList<double?> History { get; init; } = [];

    /// <summary>Gets the start of the next grain expected, or <see langword="null"/> before the first.</summary>
    public DateTimeOffset? NextGrain { get; init; }

    /// <summary>Gets how many grains were appended since the forecaster started.</summary>
    public long Appended { get; init; }

    /// <summary>Gets how many times the history was dropped (a gap longer than the history).</summary>
    public int Resets { get; init; }

    /// <summary>Gets when the last fit started.</summary>
    public DateTimeOffset FittedAt { get; init; }

    /// <summary>Gets how many fits have run.</summary>
    public int Fits { get; init; }

    /// <summary>Gets how many observations were ignored.</summary>
    public int IgnoredObservations { get; init; }

    /// <summary>Gets how many grains ahead the online accuracy is tracked.</summary>
    public int TrackAhead { get; init; }

    /// <summary>Gets why the last fit failed, or <see langword="null"/>.</summary>
    public string? FitError { get; init; }

    /// <summary>Gets the history the last applied fit saw, or <see langword="null"/> when no model is in use.</summary>
    public IReadOnlyList<double?>? FitHistory { get; init; }

    /// <summary>Gets <see cref="Appended"/> when the last applied fit copied its history.</summary>
    public long FitAppended { get; init; }

    /// <summary>Gets the forecast horizon, in grains, of the last applied fit.</summary>
    public int FitHorizon { get; init; }
}
