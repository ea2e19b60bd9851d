namespace ScaleSets.Orleans.Grains;

/// <summary>What a scale set is: its autoscale setting, its model and the capacity it starts from.</summary>
[GenerateSerializer]
public sealed class ScaleSetDefinition
{
    /// <summary>Gets or sets the autoscale setting, as Azure autoscale setting JSON (what <c>scalesets</c> and <c>AutoscaleSettingJson.Read</c> read).</summary>
    /// <value>The default is empty, which does not read.</value>
    [Id(0)]
    public string SettingJson { get; set; } = string.Empty;

    /// <summary>Gets or sets the model new instances are created from.</summary>
    /// <value>The default is an empty model, which is invalid.</value>
    [Id(1)]
    public ScaleSetModelSpec Model { get; set; } = new();

    /// <summary>Gets or sets the capacity the autoscaler starts from the first time; later activations start from the stored desired capacity.</summary>
    /// <value>The default is 1.</value>
    [Id(2)]
    public int InitialCapacity { get; set; } = 1;
}
