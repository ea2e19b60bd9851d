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

    /// <summary>
    /// Move to the next capacity the scaled resource allows, in the rule's direction (Azure's type for resources with a
    /// fixed ladder of sizes, such as a Service Bus premium namespace's 1, 2, 4, 8 or 16 messaging units). A scale set
    /// allows every count, so the next allowed value is one instance more or fewer; <c>value</c> is not used.
    /// </summary>
    ServiceAllowedNextValue,
}
