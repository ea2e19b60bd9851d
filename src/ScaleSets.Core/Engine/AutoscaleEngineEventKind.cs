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
    /// An observer of one of the engine's observables threw (the message names which one). The other observers got the
    /// item, the observer stays subscribed, and nothing else changes: evaluation and ingestion go on.
    /// </summary>
    ObserverFailed,
}
