using ScaleSets.Orleans.Metrics;

namespace ScaleSets.Orleans.Grains;

/// <summary>
/// One scale set in the cluster, keyed by its name: holds the set's autoscaler and controller, evaluates and reconciles on
/// grain timers, and keeps its state in Orleans grain storage. Orleans keeps one activation per set and moves it to another
/// silo when its silo dies; every state write is conditional (ETag), and an activation whose write is refused stops acting
/// and deactivates, so two activations never both act on one set.
/// </summary>
public interface IScaleSetGrain : IGrainWithStringKey
{
    /// <summary>Creates the scale set or replaces its definition (setting, model, initial capacity), and starts managing it.</summary>
    /// <param name="definition">The definition.</param>
    /// <returns>A task that completes when the definition is stored.</returns>
    /// <exception cref="ArgumentException">The setting does not read or the model is invalid; the message says what and where.</exception>
    Task DefineAsync(ScaleSetDefinition definition);

    /// <summary>Gets what the set is doing now.</summary>
    /// <returns>The status.</returns>
    Task<ScaleSetStatus> GetStatusAsync();

    /// <summary>Replaces the autoscale setting (Azure autoscale setting JSON, as <c>scalesets</c> reads it).</summary>
    /// <param name="settingJson">The setting.</param>
    /// <returns>A task that completes when the setting is stored and in effect.</returns>
    Task UpdateSettingAsync(string settingJson);

    /// <summary>Replaces the model new instances are created from (a new version starts a rolling upgrade as the controller's options say).</summary>
    /// <param name="model">The model.</param>
    /// <returns>A task that completes when the model is stored and in effect.</returns>
    Task UpdateModelAsync(ScaleSetModelSpec model);

    /// <summary>
    /// Starts a rolling upgrade of every outdated instance to the current model (the manual upgrade mode's trigger; in
    /// automatic mode a model change starts one by itself). The request is stored: an activation on another silo goes on
    /// with it, unless the upgrade stopped (too many upgraded instances unhealthy) or the model changed since.
    /// </summary>
    /// <returns>A task that completes when the request is stored and the upgrade started.</returns>
    Task StartRollingUpgradeAsync();

    /// <summary>Protects an instance from scale-in, or lifts the protection.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="isProtected">Whether scale-in must never choose it.</param>
    /// <returns>A task that completes when the protection is stored.</returns>
    Task SetProtectionAsync(string instanceId, bool isProtected);

    /// <summary>Ingests a batch of metric samples (one call per batch, never per sample).</summary>
    /// <param name="batch">The samples.</param>
    /// <returns>A task that completes when the samples are ingested.</returns>
    Task IngestAsync(MetricBatch batch);

    /// <summary>Runs one evaluation and one reconcile pass now, as the grain's timers do, and returns the status after them.</summary>
    /// <returns>The status.</returns>
    Task<ScaleSetStatus> RunPassAsync();
}
