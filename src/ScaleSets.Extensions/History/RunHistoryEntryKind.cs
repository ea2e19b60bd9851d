namespace ScaleSets.History;

/// <summary>What a run history entry records.</summary>
public enum RunHistoryEntryKind
{
    /// <summary>A scale decision of the engine: an action or a wanted change that was blocked, with its explanation.</summary>
    Decision = 0,

    /// <summary>Something a scale set's controller did or saw, with the decision that caused it.</summary>
    ControllerEvent = 1,
}
