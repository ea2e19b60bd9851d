using System.Globalization;
using ScaleSets.Abstractions;
using ScaleSets.Metrics;
using ScaleSets.Model;
using ScaleSets.State;

namespace ScaleSets.Series;

/// <summary>
/// The metric pipeline of one scale set: validates incoming samples, buckets them per time grain into the series its
/// triggers watch, and serves each trigger's window aggregate.
/// </summary>
/// <remarks>
/// <para>
/// Triggers with the same metric name (case-insensitive), source, resource, namespace, dimension filters and time grain
/// share one series. A sample naming a resource feeds only the series of that resource; one naming none (or the setting's
/// target resource) feeds only the series of the scale set itself. Samples that carry a watched metric name but fail a
/// series' filters are counted on that series (<see cref="MetricSeries.Misses"/>), so a rule with missing data can say
/// what it waited for and what arrived instead (<see cref="DescribeExpected"/>).
/// Each series is a ring of grain buckets sized for the largest window of its triggers plus the lateness allowance
/// and the clock-skew allowance (in grains), so memory does not grow with the number of samples. Ingesting a sample is
/// O(1) and allocates nothing for samples without dimensions (or with dimensions in a
/// <see cref="Dictionary{TKey, TValue}"/>); reading a trigger is O(1) amortized through <see cref="RollingWindow"/>.
/// </para>
/// <para>
/// Sources are numbered by the caller. Indexes 0 to 62 each get their own bit; every index of 63 or more shares the
/// last bit, so terminating one of them treats all of them as terminated until one of them delivers again.
/// </para>
/// <para>
/// What a sample may be (how late, how far ahead, which values) is fixed when the store is built (<see cref="SampleLimits"/>,
/// which the engine takes from its options and validates there); each metric's range is looked up again at each <see cref="Reconfigure"/>.
/// </para>
/// <para>This class is not thread-safe: the engine serializes every call (ingest, read, warm-up, reconfigure) with a lock.</para>
/// </remarks>
internal sealed class MetricStore : IInstanceWarmupSink
{
    /// <summary>The number of distinct source bits; source indexes at or above <c>SourceBits − 1</c> share the last bit.</summary>
    public const int SourceBits = 64;

    /// <summary>The largest number of grains one series may keep (window, lateness and skew together).</summary>
    public const int MaxGrainsPerSeries = 1 << 20;

    private const int MinimumWarmupSweepThreshold = 64;

    private readonly SampleLimits _limits;
    private readonly long[] _counts = new long[Enum.GetValues<IngestOutcome>().Length];
    private readonly Dictionary<string, DateTimeOffset> _warming = new(StringComparer.Ordinal);

    private MetricTrigger[] _triggers = [];
    private RollingWindow[] _windows = [];
    private Dictionary<SeriesKey, MetricSeries> _seriesByKey = [];
    private Dictionary<string, MetricRoute> _routes = new(StringComparer.OrdinalIgnoreCase);
    private string? _ownResource;
    private long _latenessTicks;
    private long _skewTicks;
    private string? _cachedMetric;
    private MetricRoute? _cachedRoute;
    private ulong _deadSources;
    private long _latestNowTicks = long.MinValue;
    private int _warmupSweepThreshold = MinimumWarmupSweepThreshold;

    /// <summary>Initializes a new instance of the <see cref="MetricStore"/> class.</summary>
    /// <param name="triggers">The triggers to serve; trigger <c>i</c> is read with <see cref="Read(int, DateTimeOffset)"/>(<c>i</c>, …).</param>
    /// <param name="limits">Lateness, clock skew and metric ranges.</param>
    /// <param name="ownResource">The setting's target resource (<see cref="AutoscaleSetting.TargetResourceUri"/>), or <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">A trigger needs more than <see cref="MaxGrainsPerSeries"/> grains; the message names each with its path.</exception>
    public MetricStore(IReadOnlyList<MetricTrigger> triggers, SampleLimits limits, string? ownResource = null)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _limits = limits;
        Reconfigure(triggers, ownResource);
    }

    /// <summary>Gets the number of triggers served.</summary>
    public int TriggerCount => _triggers.Length;

    /// <summary>Gets the number of distinct series (triggers with equal keys share one).</summary>
    public int SeriesCount => _seriesByKey.Count;

    /// <summary>Gets the number of instances currently remembered as warming up (expired entries are removed lazily).</summary>
    public int WarmingInstanceCount => _warming.Count;

    /// <summary>Returns how many samples had <paramref name="outcome"/> (the engine's <c>IngestStatistics</c> reads these).</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>The count since the store was built.</returns>
    public long Count(IngestOutcome outcome) => _counts[(int)outcome];

    /// <summary>Validates one sample and adds it to every series that wants it; O(1) per matching series, no allocation.</summary>
    /// <param name="sample">The sample.</param>
    /// <param name="now">The engine's current time.</param>
    /// <param name="sourceIndex">The caller's number of the source that delivered the sample (0 or more; see the remarks).</param>
    /// <returns>What happened to the sample; the matching counter is incremented.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sourceIndex"/> is negative.</exception>
    public IngestOutcome Ingest(in MetricSample sample, DateTimeOffset now, int sourceIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sourceIndex);
        var sourceBit = SourceBit(sourceIndex);

        // A source that delivers is alive, whatever it was before.
        _deadSources &= ~sourceBit;
        var nowTicks = now.UtcTicks;
        if (nowTicks > _latestNowTicks)
        {
            _latestNowTicks = nowTicks;
        }

        var outcome = IngestCore(in sample, nowTicks, sourceBit);
        _counts[(int)outcome]++;
        return outcome;
    }

    /// <summary>Returns the window aggregate of trigger <paramref name="triggerIndex"/> at <paramref name="now"/>; O(1) amortized.</summary>
    /// <param name="triggerIndex">The trigger's index in the list given to the constructor or <see cref="Reconfigure"/>.</param>
    /// <param name="now">The evaluation time; the window is the complete grains before it.</param>
    /// <returns>The aggregate; <see cref="WindowAggregate.HasData"/> is <see langword="false"/> when the window has no sample.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="triggerIndex"/> does not name a trigger.</exception>
    public WindowAggregate Read(int triggerIndex, DateTimeOffset now)
    {
        if ((uint)triggerIndex >= (uint)_windows.Length)
        {
            throw new ArgumentOutOfRangeException(
                nameof(triggerIndex),
                triggerIndex,
                string.Create(CultureInfo.InvariantCulture, $"The store serves {_windows.Length} trigger(s); index {triggerIndex} is not one of them."));
        }

        if (now.UtcTicks > _latestNowTicks)
        {
            _latestNowTicks = now.UtcTicks;
        }

        return _windows[triggerIndex].Read(now);
    }

    /// <summary>
    /// Returns whether the series trigger <paramref name="triggerIndex"/> reads is fed by per-instance samples (samples that
    /// name an instance), so an average, minimum or maximum over it describes one instance and scales with 1 / capacity.
    /// A series fed only by set-level samples (queue length, request rate) describes the whole set.
    /// </summary>
    /// <param name="triggerIndex">The trigger's index.</param>
    /// <returns><see langword="true"/> when any sample since the series was last cleared named an instance.</returns>
    public bool IsPerInstance(int triggerIndex) => GetSeries(triggerIndex).HasInstanceSamples;

    /// <summary>
    /// Returns the window aggregate of trigger <paramref name="triggerIndex"/> and whether its series is per instance
    /// (see <see cref="IsPerInstance"/>), in one lookup.
    /// </summary>
    /// <param name="triggerIndex">The trigger's index.</param>
    /// <param name="now">The evaluation time.</param>
    /// <param name="perInstance">Whether the series is fed by per-instance samples.</param>
    /// <returns>The aggregate.</returns>
    public WindowAggregate Read(int triggerIndex, DateTimeOffset now, out bool perInstance)
    {
        var aggregate = Read(triggerIndex, now);
        perInstance = _windows[triggerIndex].PerInstance;
        return aggregate;
    }

    /// <summary>
    /// Describes the series trigger <paramref name="triggerIndex"/> reads, for a rule with missing data: the metric, source,
    /// resource, namespace and dimensions it waits for, and how many samples of that name failed which filter.
    /// </summary>
    /// <param name="triggerIndex">The trigger's index.</param>
    /// <returns>The description.</returns>
    public string DescribeExpected(int triggerIndex)
    {
        var series = GetSeries(triggerIndex);
        return series.Misses.Describe(series.Key);
    }

    /// <summary>Returns the ring capacity, in grains, of the series trigger <paramref name="triggerIndex"/> reads.</summary>
    /// <param name="triggerIndex">The trigger's index.</param>
    /// <returns>The number of grain slots; constant whatever the number of samples.</returns>
    public int GetSeriesCapacity(int triggerIndex) => GetSeries(triggerIndex).Capacity;

    /// <summary>Returns the series trigger <paramref name="triggerIndex"/> reads.</summary>
    /// <param name="triggerIndex">The trigger's index.</param>
    /// <returns>The series, shared with the triggers of equal key.</returns>
    public MetricSeries GetSeries(int triggerIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(triggerIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(triggerIndex, _windows.Length);
        return _windows[triggerIndex].Series;
    }

    /// <summary>
    /// Marks source <paramref name="sourceIndex"/> as terminated. Every series fed only by terminated sources is cleared at
    /// once, so its rules see missing data; series also fed by a live source keep their data. A later sample refills normally,
    /// and any later <see cref="Ingest"/> call with the same index marks that source live again (a restarted source).
    /// </summary>
    /// <param name="sourceIndex">The source's number, as passed to <see cref="Ingest"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sourceIndex"/> is negative.</exception>
    public void OnSourceTerminated(int sourceIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sourceIndex);
        _deadSources |= SourceBit(sourceIndex);
        foreach (var series in _seriesByKey.Values)
        {
            var fed = series.SourceMask;
            if (fed != 0 && (fed & ~_deadSources) == 0)
            {
                series.Clear();
            }
        }
    }

    /// <summary>
    /// Replaces the trigger list (the setting changed at run time). Series whose key still exists keep their buckets,
    /// resized to the new largest window (the newest grains that fit are kept); the others are dropped.
    /// </summary>
    /// <param name="triggers">The new triggers; trigger <c>i</c> is then read with <see cref="Read(int, DateTimeOffset)"/>(<c>i</c>, …).</param>
    /// <param name="ownResource">The setting's target resource (<see cref="AutoscaleSetting.TargetResourceUri"/>), or <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">A trigger needs more than <see cref="MaxGrainsPerSeries"/> grains; the store is left unchanged.</exception>
    public void Reconfigure(IReadOnlyList<MetricTrigger> triggers, string? ownResource = null)
    {
        ArgumentNullException.ThrowIfNull(triggers);
        Validate(triggers, _limits);

        var latenessTicks = _limits.MaxLateness.Ticks;
        var skewTicks = _limits.MaxClockSkew.Ticks;
        var keys = new SeriesKey[triggers.Count];
        var windowGrains = new int[triggers.Count];
        var required = new Dictionary<SeriesKey, int>();
        for (var i = 0; i < triggers.Count; i++)
        {
            var trigger = triggers[i];
            keys[i] = new SeriesKey(trigger, ownResource);
            windowGrains[i] = (int)CeilDiv(trigger.TimeWindow.Ticks, trigger.TimeGrain.Ticks);
            var grains = (int)RequiredGrains(windowGrains[i], trigger.TimeGrain.Ticks, latenessTicks, skewTicks);
            required[keys[i]] = required.TryGetValue(keys[i], out var existing) ? Math.Max(existing, grains) : grains;
        }

        var seriesByKey = new Dictionary<SeriesKey, MetricSeries>();
        foreach (var (key, grains) in required)
        {
            if (_seriesByKey.TryGetValue(key, out var kept))
            {
                kept.Resize(grains);
                seriesByKey[key] = kept;
            }
            else
            {
                seriesByKey[key] = new MetricSeries(key, grains);
            }
        }

        var routes = new Dictionary<string, MetricRoute>(StringComparer.OrdinalIgnoreCase);
        foreach (var group in seriesByKey.Values.GroupBy(static series => series.Key.MetricName, StringComparer.OrdinalIgnoreCase))
        {
            routes[group.Key] = new MetricRoute([.. group], _limits.RangeOf(group.Key));
        }

        var windows = new RollingWindow[triggers.Count];
        for (var i = 0; i < triggers.Count; i++)
        {
            windows[i] = new RollingWindow(seriesByKey[keys[i]], triggers[i].Statistic, triggers[i].TimeAggregation, windowGrains[i]);
        }

        _triggers = [.. triggers];
        _ownResource = ResourceIdentity.IsNone(ownResource) ? null : ownResource;
        _seriesByKey = seriesByKey;
        _routes = routes;
        _windows = windows;
        _latenessTicks = latenessTicks;
        _skewTicks = skewTicks;
        _cachedMetric = null;
        _cachedRoute = null;
    }

    /// <summary>Captures the series' grains, the instances warming up and the latest time seen.</summary>
    internal (SeriesSnapshot[] Series, Dictionary<string, DateTimeOffset> Warming, long LatestNowTicks) Capture() =>
        ([.. _seriesByKey.Values.Select(static s => s.Capture()).OrderBy(static s => s.Key, StringComparer.Ordinal)], new(_warming, StringComparer.Ordinal), _latestNowTicks);

    /// <summary>Restores the series a snapshot has whose key still exists (the others start empty), the warming instances and the latest time seen.</summary>
    /// <returns>How many of the snapshot's series were restored.</returns>
    internal int Restore(IReadOnlyList<SeriesSnapshot> series, IReadOnlyDictionary<string, DateTimeOffset> warming, long latestNowTicks)
    {
        var byKey = new Dictionary<string, SeriesSnapshot>(StringComparer.OrdinalIgnoreCase);
        foreach (var s in series)
        {
            if (s?.Key is { } key)
            {
                byKey[key] = s;
            }
        }

        var restored = 0;
        foreach (var (key, current) in _seriesByKey)
        {
            if (byKey.TryGetValue(key.ToString(), out var saved))
            {
                current.Restore(saved);
                restored++;
            }
            else
            {
                current.Clear();
            }
        }

        _warming.Clear();
        foreach (var (instance, until) in warming)
        {
            _warming[instance] = until;
        }

        _latestNowTicks = Math.Max(_latestNowTicks, latestNowTicks);
        _deadSources = 0;
        return restored;
    }

    /// <inheritdoc/>
    public void SetWarmingUp(string instanceId, DateTimeOffset warmUntil)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        _warming[instanceId] = warmUntil;
        if (_warming.Count > _warmupSweepThreshold)
        {
            SweepExpiredWarmups();
        }
    }

    /// <inheritdoc/>
    public void ClearWarmingUp(string instanceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        _warming.Remove(instanceId);
    }

    private static ulong SourceBit(int sourceIndex) => 1UL << Math.Min(sourceIndex, SourceBits - 1);

    private static long CeilDiv(long numerator, long denominator) => (numerator + denominator - 1) / denominator;

    private static long RequiredGrains(long windowGrains, long grainTicks, long latenessTicks, long skewTicks) =>
        // The window, the grains a late sample may still land in, the grains a future sample may open, and the open grain.
        windowGrains + CeilDiv(latenessTicks, grainTicks) + CeilDiv(skewTicks, grainTicks) + 2;

    // What a trigger may be is decided by AutoscaleSettingValidator, which every trigger passes before it gets here; the
    // store checks only what depends on its limits: that a series' ring of grains stays within MaxGrainsPerSeries.
    private static void Validate(IReadOnlyList<MetricTrigger> triggers, SampleLimits limits)
    {
        var problems = new List<string>();
        var lateness = limits.MaxLateness;
        var skew = limits.MaxClockSkew;
        for (var i = 0; i < triggers.Count; i++)
        {
            var trigger = triggers[i];
            var path = Invariant($"triggers[{i}]");
            if (trigger is null)
            {
                problems.Add(path + " is null.");
                continue;
            }

            if (trigger.TimeGrain > TimeSpan.Zero && trigger.TimeWindow > TimeSpan.Zero && lateness >= TimeSpan.Zero && skew >= TimeSpan.Zero)
            {
                var grains = RequiredGrains(
                    CeilDiv(trigger.TimeWindow.Ticks, trigger.TimeGrain.Ticks),
                    trigger.TimeGrain.Ticks,
                    lateness.Ticks,
                    skew.Ticks);
                if (grains > MaxGrainsPerSeries)
                {
                    problems.Add(Invariant(
                        $"{path} needs {grains} grains of {trigger.TimeGrain:c} to cover its window {trigger.TimeWindow:c} plus lateness and clock skew; at most {MaxGrainsPerSeries} are allowed: use a longer TimeGrain."));
                }
            }
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid metric triggers: " + string.Join(" ", problems), nameof(triggers));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private IngestOutcome IngestCore(in MetricSample sample, long nowTicks, ulong sourceBit)
    {
        var metric = sample.Metric;
        if (string.IsNullOrWhiteSpace(metric))
        {
            return IngestOutcome.MissingMetricName;
        }

        var value = sample.Value;
        if (!double.IsFinite(value))
        {
            return IngestOutcome.NotFinite;
        }

        // Differences of two valid tick counts cannot overflow, unlike now ± allowance.
        var ticks = sample.Timestamp.UtcTicks;
        if (ticks - nowTicks > _skewTicks)
        {
            return IngestOutcome.InFuture;
        }

        if (nowTicks - ticks > _latenessTicks)
        {
            return IngestOutcome.Late;
        }

        // Consecutive samples usually carry the same metric, often the same string instance: an ordinal comparison with the
        // previous name is far cheaper than the case-insensitive hash of the lookup, which still resolves other spellings.
        MetricRoute? route;
        if (ReferenceEquals(metric, _cachedMetric) || string.Equals(metric, _cachedMetric, StringComparison.Ordinal))
        {
            route = _cachedRoute;
        }
        else
        {
            _routes.TryGetValue(metric, out route);
            _cachedMetric = metric;
            _cachedRoute = route;
        }

        if (route is null)
        {
            return IngestOutcome.Unmatched;
        }

        if (!route.Range.Contains(value))
        {
            return IngestOutcome.OutOfRange;
        }

        if (_warming.Count != 0 && sample.Instance is { } instance && IsWarming(instance, ticks, nowTicks))
        {
            return IngestOutcome.WarmingUp;
        }

        // Reduced once per sample: a sample naming the target resource is the scale set's own.
        var resource = sample.Resource is null ? null : ResourceIdentity.OtherThanOwn(sample.Resource, _ownResource);
        var matched = false;
        var stored = false;
        foreach (var series in route.Series)
        {
            var mismatch = series.Key.Match(in sample, resource, out var failedDimension);
            if (mismatch != SeriesMismatch.None)
            {
                var dimensionValue = failedDimension >= 0 ? series.Key.Dimensions[failedDimension].ValueIn(sample.Dimensions) : null;
                series.Misses.Note(mismatch, in sample, failedDimension, dimensionValue);
            }
            else
            {
                matched = true;
                if (series.TryAdd(ticks, value, sourceBit))
                {
                    stored = true;
                    if (sample.Instance is not null)
                    {
                        series.HasInstanceSamples = true;
                    }
                }
            }
        }

        return stored ? IngestOutcome.Accepted : matched ? IngestOutcome.Late : IngestOutcome.Unmatched;
    }

    private bool IsWarming(string instance, long ticks, long nowTicks)
    {
        if (!_warming.TryGetValue(instance, out var until))
        {
            return false;
        }

        var untilTicks = until.UtcTicks;
        if (ticks < untilTicks)
        {
            return true;
        }

        if (IsExpired(untilTicks, nowTicks))
        {
            _warming.Remove(instance);
        }

        return false;
    }

    // Once the warm-up ended more than the lateness allowance ago, no sample that is still accepted can fall inside it.
    private bool IsExpired(long untilTicks, long nowTicks) => nowTicks - untilTicks > _latenessTicks;

    private void SweepExpiredWarmups()
    {
        if (_latestNowTicks != long.MinValue)
        {
            foreach (var (instance, until) in _warming)
            {
                if (IsExpired(until.UtcTicks, _latestNowTicks))
                {
                    _warming.Remove(instance);
                }
            }
        }

        _warmupSweepThreshold = Math.Max(MinimumWarmupSweepThreshold, 2 * _warming.Count);
    }
}
