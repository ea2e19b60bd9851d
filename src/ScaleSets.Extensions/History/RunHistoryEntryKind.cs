namespace ScaleSets.History;

/// <summary>What a run history entry records.</summary>
public enum RunHistoryEntryKind
{
    /// <summary>A scale decision of the engine: an action or a wanted change that was blocked, with its explanation.</summary>
    Decision = 0,

    /// <summary>Something a scale set's controller did or saw, with the decision that caused it.</summary>
    ControllerEvent = 1,

    /// <summary>
    /// An evaluation's numbers for the dashboard's chart (capacity, instances and each rule's observed value as JSON in the
    /// message), kept at most every <see cref="RunHistoryOptions.EvaluationInterval"/> for <see cref="RunHistoryOptions.EvaluationRetention"/>;
    /// read only when a query asks for this kind.
    /// </summary>
    Evaluation = 2,
}
