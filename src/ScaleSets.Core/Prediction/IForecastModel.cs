namespace ScaleSets.Prediction;

/// <summary>
/// A forecasting model over a regular series (one value per grain, NaN for a missing grain). A model is fitted once
/// on a history, then updated online with each new grain and asked for point forecasts of the next grains.
/// </summary>
internal interface IForecastModel
{
    /// <summary>Gets the display name, including the configuration that tells candidates apart (e.g. the season).</summary>
    string Name { get; }

    /// <summary>Gets the shortest history <see cref="Fit"/> accepts.</summary>
    int MinimumHistory { get; }

    /// <summary>Gets a value indicating whether <see cref="Fit"/> has run.</summary>
    bool IsFitted { get; }

    /// <summary>Fits the model to <paramref name="history"/> (NaN = missing) and leaves its state at the end of it.</summary>
    /// <param name="history">The history, at least <see cref="MinimumHistory"/> long.</param>
    void Fit(ReadOnlySpan<double> history);

    /// <summary>Advances the model by one grain. NaN means the grain is missing: the model carries on from its own forecast.</summary>
    /// <param name="value">The value of the grain just completed.</param>
    void Update(double value);

    /// <summary>Writes the point forecasts of the next <c>mean.Length</c> grains.</summary>
    /// <param name="mean">Receives one forecast per future grain.</param>
    void Forecast(Span<double> mean);

    /// <summary>Returns a new, unfitted model with the same configuration.</summary>
    /// <returns>The new model.</returns>
    IForecastModel CreateUnfitted();
}
