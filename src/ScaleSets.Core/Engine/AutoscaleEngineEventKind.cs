namespace ScaleSets.Engine;

/// <summary>What happened in the engine outside a decision.</summary>
public enum AutoscaleEngineEventKind
{
    /// <summary>A sample was rejected (not finite, out of range, too late, in the future, no metric name) and counted.</summary>
    SampleRejected,

    /// <summary>A metric source signalled an error; the series it alone fed now report missing data.</summary>
    SourceFaulted,

    /// <summary>A metric source completed; the series it alone fed now report missing data.</summary>
    SourceCompleted,

    /// <summary>An evaluation failed unexpectedly; the scale set keeps its capacity and the next tick tries again.</summary>
    EvaluationFailed,

    /// <summary>The scale set's setting was replaced at run time.</summary>
    SettingUpdated,

    /// <summary>
    /// A metric source (an <see cref="Sources.IMetricSource"/>) failed a poll after its retries or timed out; the series it
    /// alone fed now report missing data until it delivers again. The message names the source and its error.
    /// </summary>
    SourceUnavailable,

    /// <summary>A metric source that was unavailable delivered again.</summary>
    SourceRecovered,

    /// <summary>A metric source read an answer with a part it could not use (a bad row, a missing label, a value that is not a number); the rest was used.</summary>
    SourceProblem,

    /// <summary>
    /// An observer of one of the engine's observables threw (the message names which one). The other observers got the
    /// item, the observer stays subscribed, and nothing else changes: evaluation and ingestion go on.
    /// </summary>
    ObserverFailed,

    /// <summary>A scale set added with a state store resumed from its saved state (the message says from when).</summary>
    StateRestored,

    /// <summary>
    /// A scale set's saved state could not be read (truncated, corrupted, an unknown version) or loaded; nothing of it
    /// was used and the set starts as a new one. The message names the file or row and where a copy is kept.
    /// </summary>
    StateUnreadable,

    /// <summary>Saving a scale set's state failed; the autoscaler goes on and the next evaluation's state is saved again (after a refused conditional write, no more saves are tried).</summary>
    StateSaveFailed,
}
