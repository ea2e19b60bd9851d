namespace ScaleSets.Abstractions;

/// <summary>
/// Receives which instances are still warming up. Samples from a warming instance are left out of the rule statistics
/// while the instance still counts toward capacity, so boot-time spikes cause no extra scale-out (AWS's instance warm-up).
/// The controller calls it; the engine's scale set implements it.
/// </summary>
public interface IInstanceWarmupSink
{
    /// <summary>Marks <paramref name="instanceId"/> as warming up until <paramref name="warmUntil"/>.</summary>
    /// <param name="instanceId">The instance id, as it appears in <see cref="Metrics.MetricSample.Instance"/>.</param>
    /// <param name="warmUntil">When its samples start to count.</param>
    void SetWarmingUp(string instanceId, DateTimeOffset warmUntil);

    /// <summary>Forgets <paramref name="instanceId"/>: its samples count at once (or it is gone).</summary>
    /// <param name="instanceId">The instance id.</param>
    void ClearWarmingUp(string instanceId);
}
