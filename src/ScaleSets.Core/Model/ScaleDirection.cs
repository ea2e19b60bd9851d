namespace ScaleSets.Model;

/// <summary>The direction of a threshold rule's scale action.</summary>
public enum ScaleDirection
{
    /// <summary>Add instances (scale out).</summary>
    Increase,

    /// <summary>Remove instances (scale in).</summary>
    Decrease,
}
