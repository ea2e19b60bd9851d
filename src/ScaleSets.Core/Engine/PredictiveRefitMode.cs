namespace ScaleSets.Engine;

/// <summary>Where the engine refits a predictive policy's forecasting models (model selection and backtest, tens of milliseconds).</summary>
public enum PredictiveRefitMode
{
    /// <summary>
    /// Beside the evaluation: the evaluation that finds a refit due schedules it on the engine's scheduler and decides
    /// with the last fitted model (or, before the first fit, lets the reactive rules decide, status
    /// <see cref="Prediction.PredictiveStatus.Fitting"/>); the refit runs outside the scale set's lock and swaps its
    /// model in when done, caught up with the grains observed meanwhile, so the next evaluation uses it. On a
    /// virtual-time scheduler the refit runs at the same virtual instant, after the evaluation, so runs stay repeatable.
    /// </summary>
    Background,

    /// <summary>
    /// Inside the evaluation that finds it due, under the scale set's lock, which then decides with the new model. A
    /// simulation that must reproduce its figures byte for byte across versions uses this; it costs the refit's time in
    /// that evaluation and holds up ingestion of the scale set meanwhile.
    /// </summary>
    Inline,
}
