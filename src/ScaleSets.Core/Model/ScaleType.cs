namespace ScaleSets.Model;

/// <summary>How a scale action's value changes the capacity.</summary>
public enum ScaleType
{
    /// <summary>Add or remove <c>value</c> instances.</summary>
    ChangeCount,

    /// <summary>
    /// Add or remove <c>value</c> percent of the current capacity. A scale-out rounds the change up and a scale-in
    /// rounds it down, and a non-zero percentage always moves at least one instance.
    /// </summary>
    PercentChangeCount,

    /// <summary>Set the capacity to exactly <c>value</c> instances.</summary>
    ExactCount,
}
