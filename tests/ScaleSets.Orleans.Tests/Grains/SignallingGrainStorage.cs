using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using ScaleSets.Orleans.Hosting;

namespace ScaleSets.Orleans.Tests.Grains;

/// <summary>
/// The silo's real grain storage (ADO.NET on the test's PostgreSQL), unchanged, telling <see cref="TestCloud.RowWrites"/>
/// after each write it made: a test waits for the write a timer tick makes instead of polling the database.
/// </summary>
internal sealed class SignallingGrainStorage(IGrainStorage storage) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>Wraps the keyed grain storage <see cref="ScaleSetsSiloOptions.StorageName"/> registered so far.</summary>
    public static void Decorate(IServiceCollection services)
    {
        var registered = services.Single(d => d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService && Equals(d.ServiceKey, ScaleSetsSiloOptions.StorageName));
        var create = registered.KeyedImplementationFactory ?? throw new InvalidOperationException("the scale sets' grain storage is not registered by a factory");
        services.Remove(registered);
        services.AddKeyedSingleton<IGrainStorage>(ScaleSetsSiloOptions.StorageName, (sp, key) => new SignallingGrainStorage((IGrainStorage)create(sp, key)));
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => storage.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await storage.WriteStateAsync(stateName, grainId, grainState);
        TestCloud.RowWrites.Written();
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => storage.ClearStateAsync(stateName, grainId, grainState);

    // The storage initializes itself in the silo's lifecycle: its registration as a participant finds this decorator.
    public void Participate(ISiloLifecycle observer) => (storage as ILifecycleParticipant<ISiloLifecycle>)?.Participate(observer);
}
