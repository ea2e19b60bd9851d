namespace ScaleSets.Policy;

/// <summary>How the flapping guard projects a rule's value from the current capacity to a smaller candidate, by what the value means.</summary>
internal enum Projection
{
    /// <summary>An average, minimum or maximum over the instances: <c>value × current / candidate</c>.</summary>
    PerInstance,

    /// <summary>A set-level total the rule divides per instance: <c>total / candidate</c>.</summary>
    DividedTotal,

    /// <summary>A set-level total compared as it is: unchanged.</summary>
    Total,
}
