using ScaleSets.Orleans.Hosting;

namespace ScaleSets.Orleans.Grains;

/// <summary>The registry of scale set names (see <see cref="IScaleSetRegistryGrain"/>), kept in grain storage.</summary>
internal sealed class ScaleSetRegistryGrain(
    [PersistentState("registry", ScaleSetsSiloOptions.StorageName)] IPersistentState<ScaleSetRegistryState> state) : Grain, IScaleSetRegistryGrain
{
    public async Task AddAsync(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (state.State.Names.Add(name))
        {
            await state.WriteStateAsync().ConfigureAwait(true);
        }
    }

    public Task<IReadOnlyList<string>> ListAsync() =>
        Task.FromResult<IReadOnlyList<string>>([.. state.State.Names.Order(StringComparer.Ordinal)]);
}
