namespace ScaleSets.Model;

/// <summary>The direction of a threshold rule's scale action.</summary>
public enum ScaleDirection
{
    /// <summary>Add instances (scale out).</summary>
    Increase,

    /// <summary>Remove instances (scale in).</summary>
    Decrease,

    /// <summary>
    /// Neither: the rule sets the capacity, as <c>az monitor autoscale rule create --scale to N</c> writes it (with
    /// <see cref="ScaleType.ExactCount"/>). When its trigger is met, a target above the current capacity acts as a
    /// scale-out and a target below it as a scale-in (which, like every scale-in, needs all scale-in rules to agree); with
    /// any other scale type the rule changes nothing, as in Azure.
    /// </summary>
    None,
}
