using ScaleSets.Metrics;
using ScaleSets.Orleans.Grains;
using ScaleSets.Orleans.Metrics;

namespace ScaleSets.Orleans.Client;

/// <summary>
/// The cluster's scale sets as a program outside (or inside) the silos sees them: list, status, define, change a setting
/// or model, protect an instance, send metrics in batches. Works over any <see cref="IGrainFactory"/>: an Orleans client
/// (<c>IClusterClient</c>) or a silo's own.
/// </summary>
/// <param name="grains">The grain factory.</param>
public sealed class ScaleSetsClient(IGrainFactory grains)
{
    private readonly IGrainFactory _grains = grains ?? throw new ArgumentNullException(nameof(grains));

    /// <summary>Lists the scale sets defined in the cluster.</summary>
    /// <returns>Their names, in ordinal order.</returns>
    public Task<IReadOnlyList<string>> ListAsync() => _grains.GetGrain<IScaleSetRegistryGrain>(0).ListAsync();

    /// <summary>Gets a scale set's status.</summary>
    /// <param name="name">The scale set.</param>
    /// <returns>The status.</returns>
    public Task<ScaleSetStatus> GetStatusAsync(string name) => Grain(name).GetStatusAsync();

    /// <summary>Defines a scale set (or replaces its definition); its grain manages it from then on.</summary>
    /// <param name="name">The scale set.</param>
    /// <param name="definition">The definition.</param>
    /// <returns>A task that completes when it is stored.</returns>
    public Task DefineAsync(string name, ScaleSetDefinition definition) => Grain(name).DefineAsync(definition);

    /// <summary>Replaces a scale set's autoscale setting.</summary>
    /// <param name="name">The scale set.</param>
    /// <param name="settingJson">The setting, as Azure autoscale setting JSON.</param>
    /// <returns>A task that completes when it is stored and in effect.</returns>
    public Task UpdateSettingAsync(string name, string settingJson) => Grain(name).UpdateSettingAsync(settingJson);

    /// <summary>Replaces a scale set's model.</summary>
    /// <param name="name">The scale set.</param>
    /// <param name="model">The model.</param>
    /// <returns>A task that completes when it is stored and in effect.</returns>
    public Task UpdateModelAsync(string name, ScaleSetModelSpec model) => Grain(name).UpdateModelAsync(model);

    /// <summary>Starts a rolling upgrade of a scale set's outdated instances to its model (the manual upgrade mode's trigger); it goes on after the set moves to another silo.</summary>
    /// <param name="name">The scale set.</param>
    /// <returns>A task that completes when the request is stored and the upgrade started.</returns>
    public Task StartRollingUpgradeAsync(string name) => Grain(name).StartRollingUpgradeAsync();

    /// <summary>Protects an instance from scale-in, or lifts the protection.</summary>
    /// <param name="name">The scale set.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="isProtected">Whether to protect it.</param>
    /// <returns>A task that completes when it is stored.</returns>
    public Task ProtectInstanceAsync(string name, string instanceId, bool isProtected = true) => Grain(name).SetProtectionAsync(instanceId, isProtected);

    /// <summary>Sends a batch of metric samples to a scale set's grain, in one call.</summary>
    /// <param name="name">The scale set.</param>
    /// <param name="samples">The samples.</param>
    /// <returns>A task that completes when they are ingested.</returns>
    public Task SendMetricsAsync(string name, IEnumerable<MetricSample> samples) => Grain(name).IngestAsync(new MetricBatch(samples));

    private IScaleSetGrain Grain(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return _grains.GetGrain<IScaleSetGrain>(name);
    }
}
