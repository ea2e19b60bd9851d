namespace ScaleSets.Orleans.Grains;

/// <summary>The names of the defined scale sets, as the registry grain stores them.</summary>
[GenerateSerializer]
internal sealed class ScaleSetRegistryState
{
    [Id(0)]
    public HashSet<string> Names { get; set; } = new(StringComparer.Ordinal);
}
