namespace ScaleSets.Orleans.Grains;

/// <summary>The names of the scale sets defined in the cluster (one registry, key 0), so a client can list them.</summary>
public interface IScaleSetRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>Adds a scale set's name; adding one twice does nothing.</summary>
    /// <param name="name">The scale set.</param>
    /// <returns>A task that completes when the name is stored.</returns>
    Task AddAsync(string name);

    /// <summary>Lists the scale sets, in ordinal order.</summary>
    /// <returns>The names.</returns>
    Task<IReadOnlyList<string>> ListAsync();
}
