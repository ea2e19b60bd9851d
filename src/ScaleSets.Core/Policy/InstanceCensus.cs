using ScaleSets.Model;
using ScaleSets.Rules;

namespace ScaleSets.Policy;

/// <summary>
/// Which instances reported which target-tracking metric lately, and which are known not to be ready (warming up, or
/// marked not ready), so HPA's replica formula can multiply by the ready instances that reported and fill in the
/// missing and not-ready ones. Instances are told apart by name; a metric's dimension filters are not considered.
/// </summary>
/// <remarks>Not thread-safe: the scale set's autoscaler calls it under its lock.</remarks>
internal sealed class InstanceCensus
{
    private readonly Dictionary<string, Dictionary<string, long>> _lastSample;
    private readonly Dictionary<string, DateTimeOffset> _notReady = new(StringComparer.Ordinal);
    private TimeSpan _retention;

    /// <summary>Initializes a census of the metrics of <paramref name="triggers"/> (those of target-tracking rules).</summary>
    /// <param name="triggers">The triggers whose metrics are counted.</param>
    public InstanceCensus(IEnumerable<MetricTrigger> triggers)
    {
        _lastSample = new Dictionary<string, Dictionary<string, long>>(StringComparer.OrdinalIgnoreCase);
        Reconfigure(triggers);
    }

    /// <summary>Replaces the metrics counted; what was seen of a metric still counted is kept.</summary>
    /// <param name="triggers">The triggers whose metrics are counted.</param>
    public void Reconfigure(IEnumerable<MetricTrigger> triggers)
    {
        var keep = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        _retention = TimeSpan.Zero;
        foreach (var trigger in triggers)
        {
            keep.Add(trigger.MetricName);
            _lastSample.TryAdd(trigger.MetricName, new Dictionary<string, long>(StringComparer.Ordinal));
            var span = trigger.TimeWindow + trigger.TimeGrain;
            _retention = span > _retention ? span : _retention;
        }

        foreach (var metric in _lastSample.Keys.Where(m => !keep.Contains(m)).ToArray())
        {
            _lastSample.Remove(metric);
        }
    }

    /// <summary>Records that <paramref name="instance"/> reported <paramref name="metric"/> at <paramref name="ticks"/> (UTC ticks), if the metric is counted.</summary>
    public void Observe(string metric, string instance, long ticks)
    {
        if (_lastSample.TryGetValue(metric, out var instances)
            && (!instances.TryGetValue(instance, out var last) || ticks > last))
        {
            instances[instance] = ticks;
        }
    }

    /// <summary>Marks an instance not ready until <paramref name="until"/>.</summary>
    public void SetNotReady(string instance, DateTimeOffset until) => _notReady[instance] = until;

    /// <summary>Marks an instance ready.</summary>
    public void ClearNotReady(string instance) => _notReady.Remove(instance);

    /// <summary>
    /// Counts, at <paramref name="now"/>, the ready instances that reported <paramref name="trigger"/>'s metric in its
    /// window (the complete grains before now, and the open one), and the instances not ready.
    /// </summary>
    public InstanceCounts Count(MetricTrigger trigger, DateTimeOffset now)
    {
        var nowTicks = now.UtcTicks;
        var notReady = 0;
        foreach (var until in _notReady.Values)
        {
            if (until.UtcTicks > nowTicks)
            {
                notReady++;
            }
        }

        if (!_lastSample.TryGetValue(trigger.MetricName, out var instances))
        {
            return new InstanceCounts(0, notReady);
        }

        // The instances behind the value: for the last grain's value, those that reported in the last complete grain
        // (or the open one), not every instance of the window. An instance deleted within the window reported earlier
        // in it; counted, it made the ratio multiply a capacity the value was not measured on, and after a scale-in
        // the next scale-out was repeated every evaluation while the new instances booted (react on the synthetic week).
        var grain = trigger.TimeGrain.Ticks;
        var span = trigger.TimeAggregation == TimeAggregationType.Last ? trigger.TimeGrain.Ticks : trigger.TimeWindow.Ticks;
        var start = (nowTicks / grain * grain) - span;
        var reporting = 0;
        foreach (var (instance, last) in instances)
        {
            if (last >= start && !IsNotReady(instance, nowTicks))
            {
                reporting++;
            }
        }

        return new InstanceCounts(reporting, notReady);
    }

    /// <summary>Forgets instances that have reported nothing for longer than any window, and readiness marks that ended.</summary>
    public void Prune(DateTimeOffset now)
    {
        var cutoff = now.UtcTicks - _retention.Ticks;
        foreach (var instances in _lastSample.Values)
        {
            foreach (var (instance, last) in instances)
            {
                if (last < cutoff)
                {
                    instances.Remove(instance);
                }
            }
        }

        foreach (var (instance, until) in _notReady)
        {
            if (until < now)
            {
                _notReady.Remove(instance);
            }
        }
    }

    /// <summary>Captures, per counted metric, each instance's latest sample time (UTC ticks).</summary>
    internal Dictionary<string, IReadOnlyDictionary<string, long>> CaptureLastSamples() =>
        _lastSample.ToDictionary(static m => m.Key, static m => (IReadOnlyDictionary<string, long>)new Dictionary<string, long>(m.Value, StringComparer.Ordinal), StringComparer.OrdinalIgnoreCase);

    /// <summary>Captures the instances marked not ready.</summary>
    internal Dictionary<string, DateTimeOffset> CaptureNotReady() => new(_notReady, StringComparer.Ordinal);

    /// <summary>Replaces what the census saw with a snapshot's; metrics no longer counted are ignored.</summary>
    internal void Restore(IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> lastSamples, IReadOnlyDictionary<string, DateTimeOffset> notReady)
    {
        foreach (var instances in _lastSample.Values)
        {
            instances.Clear();
        }

        foreach (var (metric, instances) in lastSamples)
        {
            if (_lastSample.TryGetValue(metric, out var kept))
            {
                foreach (var (instance, ticks) in instances)
                {
                    kept[instance] = ticks;
                }
            }
        }

        _notReady.Clear();
        foreach (var (instance, until) in notReady)
        {
            _notReady[instance] = until;
        }
    }

    private bool IsNotReady(string instance, long nowTicks) =>
        _notReady.TryGetValue(instance, out var until) && until.UtcTicks > nowTicks;
}
