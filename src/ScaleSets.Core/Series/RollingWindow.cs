using ScaleSets.Model;

namespace ScaleSets.Series;

/// <summary>
/// The window aggregate of one trigger over its series, kept up to date incrementally: each read slides the window by the
/// grains that closed since the previous read, applies the grains the series logged as changed (late samples), and
/// returns the cached result when neither the window end nor the series changed.
/// </summary>
/// <remarks>
/// The window at time <c>now</c> is the <c>K</c> complete grains <c>[E − K, E)</c> with <c>E = floor(now / grain)</c>.
/// The reader keeps, per grain in its window, the grain value and count it included, so a changed grain is replaced by
/// subtracting exactly what was added. Minimum and maximum are recomputed over the window only when the grain that held
/// the extreme left or changed. Running sums are rebuilt from the grains every <see cref="RebuildPeriodFactor"/> windows
/// of sliding, so floating-point drift stays bounded; that rebuild is O(K) once per many slides, O(1) amortized.
/// Not thread-safe; the owning <see cref="MetricStore"/> is used under the engine's lock.
/// </remarks>
internal sealed class RollingWindow
{
    private const long RebuildPeriodFactor = 64;
    private const long MinimumRebuildPeriod = 1024;

    private readonly MetricSeries _series;
    private readonly MetricStatistic _statistic;
    private readonly TimeAggregationType _aggregation;
    private readonly bool _tracksExtreme;
    private readonly long _windowGrains;
    private readonly WindowGrain[] _grains;
    private readonly long _grainMask;
    private readonly long _rebuildPeriod;

    private bool _initialized;
    private int _epoch;
    private long _end;
    private long _version;
    private long _logPosition;
    private long _slidesSinceRebuild;

    private double _sum;
    private long _samples;
    private int _grainsWithData;
    private double _extreme;
    private bool _extremeDirty;
    private long _lastIndex = GrainBucket.NoIndex;
    private bool _lastDirty;
    private WindowAggregate _cached;

    /// <summary>Initializes a new instance of the <see cref="RollingWindow"/> class.</summary>
    /// <param name="series">The series the trigger reads.</param>
    /// <param name="statistic">How a grain's samples are reduced.</param>
    /// <param name="aggregation">How the grain values in the window are reduced.</param>
    /// <param name="windowGrains">The number of complete grains in the window (at least 1).</param>
    public RollingWindow(MetricSeries series, MetricStatistic statistic, TimeAggregationType aggregation, int windowGrains)
    {
        _series = series;
        _statistic = statistic;
        _aggregation = aggregation;
        _tracksExtreme = aggregation is TimeAggregationType.Minimum or TimeAggregationType.Maximum;
        _windowGrains = windowGrains;
        _grains = new WindowGrain[MetricSeries.RingSize(windowGrains)];
        _grainMask = _grains.Length - 1;
        _rebuildPeriod = Math.Max(MinimumRebuildPeriod, RebuildPeriodFactor * windowGrains);
        ResetAggregate();
    }

    /// <summary>Gets the series read.</summary>
    public MetricSeries Series => _series;

    /// <summary>
    /// Gets whether the series was fed by per-instance samples as of the last <see cref="Read"/>; cached beside the
    /// result so an evaluation tick does not touch the series. Any sample bumps the series' version, which refreshes it.
    /// </summary>
    public bool PerInstance { get; private set; }

    /// <summary>Gets the number of complete grains in the window.</summary>
    public long WindowGrains => _windowGrains;

    /// <summary>Returns the aggregate of the complete grains before <paramref name="now"/>; O(1) amortized.</summary>
    /// <param name="now">The evaluation time.</param>
    /// <returns>The window aggregate; <see cref="WindowAggregate.HasData"/> is <see langword="false"/> when no grain in the window has data.</returns>
    public WindowAggregate Read(DateTimeOffset now)
    {
        var end = now.UtcTicks / _series.GrainTicks;
        if (!_initialized
            || _epoch != _series.Epoch
            || end < _end
            || end - _end >= _windowGrains
            || _series.LogCount - _logPosition > _series.LogCapacity
            || _slidesSinceRebuild >= _rebuildPeriod)
        {
            Rebuild(end);
        }
        else if (end == _end && _version == _series.Version)
        {
            return _cached;
        }
        else
        {
            for (var index = _end; index < end; index++)
            {
                Evict(index - _windowGrains);
                Include(index);
            }

            _slidesSinceRebuild += end - _end;
            var start = end - _windowGrains;
            for (var position = _logPosition; position < _series.LogCount; position++)
            {
                var index = _series.LogAt(position);
                if (index >= start && index < end)
                {
                    Refresh(index);
                }
            }
        }

        _initialized = true;
        _epoch = _series.Epoch;
        _end = end;
        _version = _series.Version;
        _logPosition = _series.LogCount;
        _series.MarkRead();
        _cached = Build();
        PerInstance = _series.HasInstanceSamples;
        return _cached;
    }

    private void Rebuild(long end)
    {
        ResetAggregate();
        for (var i = 0; i < _grains.Length; i++)
        {
            _grains[i].Index = GrainBucket.NoIndex;
        }

        for (var index = end - _windowGrains; index < end; index++)
        {
            Include(index);
        }

        _slidesSinceRebuild = 0;
    }

    private void ResetAggregate()
    {
        _sum = 0;
        _samples = 0;
        _grainsWithData = 0;
        _extreme = double.NaN;
        _extremeDirty = false;
        _lastIndex = GrainBucket.NoIndex;
        _lastDirty = false;
    }

    private void Include(long index)
    {
        ref var slot = ref _grains[index & _grainMask];
        if (_series.TryGetGrain(index, _statistic, out slot))
        {
            Add(slot.Value, slot.Count, index);
        }
    }

    private void Evict(long index)
    {
        ref var slot = ref _grains[index & _grainMask];
        if (slot.Index != index)
        {
            return;
        }

        Remove(slot.Value, slot.Count);
        slot.Index = GrainBucket.NoIndex;
        if (index == _lastIndex)
        {
            // The oldest grain was the latest with data, so nothing newer is in the window except grains included after it.
            _lastIndex = GrainBucket.NoIndex;
        }
    }

    private void Refresh(long index)
    {
        ref var slot = ref _grains[index & _grainMask];
        var had = slot.Index == index;
        var has = _series.TryGetGrain(index, _statistic, out var current);
        if (had && has && slot.Count == current.Count)
        {
            return;
        }

        if (had)
        {
            Remove(slot.Value, slot.Count);
        }

        slot = current;
        if (has)
        {
            Add(current.Value, current.Count, index);
        }
        else if (index == _lastIndex)
        {
            _lastDirty = true;
        }
    }

    private void Add(double value, long count, long index)
    {
        _sum += value;
        _samples += count;
        _grainsWithData++;
        if (index > _lastIndex)
        {
            _lastIndex = index;
        }

        if (_tracksExtreme && !_extremeDirty)
        {
            if (_grainsWithData == 1 || IsBeyondExtreme(value))
            {
                _extreme = value;
            }
        }
    }

    private void Remove(double value, long count)
    {
        _sum -= value;
        _samples -= count;
        _grainsWithData--;
        if (_grainsWithData == 0)
        {
            // Exact reset: no drift survives an empty window.
            _sum = 0;
            _extreme = double.NaN;
            _extremeDirty = false;
            _lastIndex = GrainBucket.NoIndex;
            _lastDirty = false;
        }
        else if (_tracksExtreme && value.Equals(_extreme))
        {
            _extremeDirty = true;
        }
    }

    private bool IsBeyondExtreme(double value) =>
        _aggregation == TimeAggregationType.Minimum ? value < _extreme : value > _extreme;

    private WindowAggregate Build()
    {
        if (_grainsWithData == 0)
        {
            return WindowAggregate.Missing;
        }

        if (_extremeDirty || _lastDirty || !double.IsFinite(_sum))
        {
            RescanWindow();
        }

        var last = _grains[_lastIndex & _grainMask];
        var value = _aggregation switch
        {
            TimeAggregationType.Average => _sum / _grainsWithData,
            TimeAggregationType.Minimum or TimeAggregationType.Maximum => _extreme,
            TimeAggregationType.Total => _sum,
            TimeAggregationType.Count => _samples,
            _ => last.Value,
        };
        return new WindowAggregate(true, value, _samples, _grainsWithData, new DateTimeOffset(last.LastTicks, TimeSpan.Zero));
    }

    private void RescanWindow()
    {
        // Every slot holding a grain belongs to the current window: evicted slots are emptied as the window slides.
        var sum = 0.0;
        var extreme = double.NaN;
        var lastIndex = GrainBucket.NoIndex;
        var first = true;
        foreach (var grain in _grains)
        {
            if (grain.Index == GrainBucket.NoIndex)
            {
                continue;
            }

            sum += grain.Value;
            if (first || (_aggregation == TimeAggregationType.Minimum ? grain.Value < extreme : grain.Value > extreme))
            {
                extreme = grain.Value;
            }

            first = false;
            if (grain.Index > lastIndex)
            {
                lastIndex = grain.Index;
            }
        }

        _sum = sum;
        _extreme = extreme;
        _lastIndex = lastIndex;
        _extremeDirty = false;
        _lastDirty = false;
    }
}
