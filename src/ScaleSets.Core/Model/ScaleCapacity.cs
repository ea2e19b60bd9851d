namespace ScaleSets.Model;

/// <summary>The instance count bounds of a profile.</summary>
public sealed class ScaleCapacity
{
    /// <summary>
    /// The most instances a scale set may have (Azure's limit for a scale set): the default largest capacity a profile may
    /// allow (<c>AutoscaleEngineOptions.InstanceLimit</c>) and the controller's largest set. Defined here only.
    /// </summary>
    public const int InstanceLimit = 1000;

    /// <summary>Gets or sets the fewest instances; 0 allows scaling to zero.</summary>
    /// <value>The default is 1.</value>
    public int Minimum { get; set; } = 1;

    /// <summary>Gets or sets the most instances; at most the engine's instance limit (1000 by default).</summary>
    /// <value>The default is 1.</value>
    public int Maximum { get; set; } = 1;

    /// <summary>Gets or sets the capacity used when a rule's metric has no data and the current capacity is lower.</summary>
    /// <value>The default is 1.</value>
    public int Default { get; set; } = 1;
}
