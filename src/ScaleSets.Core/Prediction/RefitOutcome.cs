namespace ScaleSets.Prediction;

/// <summary>A fitted (or failed) refit of a <see cref="RefitRequest"/>, ready for <see cref="PredictiveScaler.Apply"/>.</summary>
internal sealed class RefitOutcome
{
    public required RefitRequest Request { get; init; }

    /// <summary>Gets the fit, updated to the end of the request's history; null when it failed.</summary>
    public ForecastFit? Fit { get; init; }

    /// <summary>Gets the online accuracy seeded with the request's history; null when the fit failed.</summary>
    public OnlineAccuracy? Accuracy { get; init; }

    /// <summary>Gets whether zero values are outages (the history's median is positive and zeros are rare).</summary>
    public bool ZeroIsOutage { get; init; }

    /// <summary>Gets why the fit failed; null when it succeeded.</summary>
    public string? Error { get; init; }
}
