namespace ScaleSets.Policy;

/// <summary>Where the headroom of a rule with an <see cref="Model.SloObjective"/> came from in one evaluation.</summary>
public enum SloHeadroomSource
{
    /// <summary>No rise within a provisioning time has been seen yet: the capacity carries the load seen now, without headroom.</summary>
    Learning,

    /// <summary>The quantile of the learned rises at the attainment target itself: the rule's misses are within their budget.</summary>
    RiseQuantile,

    /// <summary>A higher quantile than the target: the rule missed more evaluations than the target allows, and adds headroom.</summary>
    RaisedByFeedback,

    /// <summary>A lower quantile than the target: the rule missed fewer evaluations than the target allows, and releases headroom.</summary>
    ReleasedByFeedback,
}
