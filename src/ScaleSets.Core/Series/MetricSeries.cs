using System.Numerics;
using ScaleSets.Model;
using ScaleSets.State;

namespace ScaleSets.Series;

/// <summary>
/// The grain buckets of one <see cref="SeriesKey"/>: a ring buffer whose slots remember their grain index, so stale slots
/// are recognized without clearing them, and memory never grows with the number of samples.
/// </summary>
/// <remarks>
/// Besides the buckets, the series keeps a small change log of the grain indexes that received samples, so a
/// <see cref="RollingWindow"/> learns which grains inside its window changed (late samples) without scanning the window.
/// A grain is logged at most once between two reads: a new entry is written only when the grain's previous entry lies
/// before the newest read position, and every reader has then already consumed it or will consume the newer one.
/// Not thread-safe; the owning <see cref="MetricStore"/> is used under the engine's lock.
/// </remarks>
internal sealed class MetricSeries
{
    private const int MinimumLogCapacity = 16;

    private GrainBucket[] _buckets;
    private long _bucketMask;
    private long[] _log;
    private long _logMask;
    private long _newest = GrainBucket.NoIndex;
    private long _lastReadLogPosition;

    /// <summary>Initializes a new instance of the <see cref="MetricSeries"/> class.</summary>
    /// <param name="key">The series key.</param>
    /// <param name="requiredGrains">How many consecutive grains the ring must keep; rounded up to a power of two.</param>
    public MetricSeries(SeriesKey key, int requiredGrains)
    {
        Key = key;
        GrainTicks = key.GrainTicks;
        (_buckets, _bucketMask) = CreateRing(requiredGrains);
        (_log, _logMask) = CreateLog(_buckets.Length);
    }

    /// <summary>Gets the series key.</summary>
    public SeriesKey Key { get; }

    /// <summary>Gets the time grain in ticks.</summary>
    public long GrainTicks { get; }

    /// <summary>Gets the samples of this metric name that failed the key's filters, for explaining missing data.</summary>
    public SeriesMissLog Misses { get; } = new();

    /// <summary>Gets the number of grain slots in the ring; constant whatever the number of samples.</summary>
    public int Capacity => _buckets.Length;

    /// <summary>Gets a number that changes whenever a sample is added or the series is cleared.</summary>
    public long Version { get; private set; }

    /// <summary>Gets a number that changes whenever the series loses data (cleared or resized): readers must rebuild.</summary>
    public int Epoch { get; private set; }

    /// <summary>Gets the sources (bit per source index) that fed the series since it was created or last cleared.</summary>
    public ulong SourceMask { get; private set; }

    /// <summary>Gets the number of change-log entries written so far (the next write position).</summary>
    public long LogCount { get; private set; }

    /// <summary>Gets how many change-log entries are kept; a reader further behind must rebuild.</summary>
    public int LogCapacity => _log.Length;

    /// <summary>Gets or sets whether any sample since the last <see cref="Clear"/> named an instance (a per-instance series).</summary>
    public bool HasInstanceSamples { get; set; }

    /// <summary>Gets the index of the newest grain that received a sample, or <see cref="GrainBucket.NoIndex"/>.</summary>
    public long NewestIndex => _newest;

    /// <summary>Adds one sample in O(1) without allocating.</summary>
    /// <param name="ticks">The sample's UTC ticks.</param>
    /// <param name="value">The finite sample value.</param>
    /// <param name="sourceBit">The bit of the source that delivered it.</param>
    /// <returns><see langword="false"/> when the grain is older than the ring keeps.</returns>
    public bool TryAdd(long ticks, double value, ulong sourceBit)
    {
        var index = ticks / GrainTicks;
        if (_newest == GrainBucket.NoIndex || index > _newest)
        {
            _newest = index;
        }
        else if (index <= _newest - _buckets.Length)
        {
            return false;
        }

        ref var bucket = ref _buckets[index & _bucketMask];
        if (bucket.Index != index)
        {
            bucket.Reset(index);
        }

        bucket.Add(value, ticks);
        SourceMask |= sourceBit;
        Version++;
        if (bucket.LoggedAt < _lastReadLogPosition)
        {
            var position = LogCount;
            _log[position & _logMask] = index;
            bucket.LoggedAt = position;
            LogCount = position + 1;
        }

        return true;
    }

    /// <summary>Reads grain <paramref name="index"/> if the ring holds it with at least one sample.</summary>
    /// <param name="index">The grain index.</param>
    /// <param name="statistic">How the grain's samples are reduced.</param>
    /// <param name="grain">The grain's value, count and latest timestamp.</param>
    /// <returns><see langword="true"/> when the grain has data.</returns>
    public bool TryGetGrain(long index, MetricStatistic statistic, out WindowGrain grain)
    {
        ref readonly var bucket = ref _buckets[index & _bucketMask];
        if (bucket.Index != index || bucket.Count == 0)
        {
            grain = new WindowGrain { Index = GrainBucket.NoIndex };
            return false;
        }

        grain = new WindowGrain { Index = index, Value = bucket.Value(statistic), Count = bucket.Count, LastTicks = bucket.LastTicks };
        return true;
    }

    /// <summary>Returns the bucket of grain <paramref name="index"/> as stored (for inspection and tests).</summary>
    /// <param name="index">The grain index.</param>
    /// <returns>The bucket, or an empty bucket when the ring does not hold that grain.</returns>
    public GrainBucket GetBucket(long index)
    {
        var bucket = _buckets[index & _bucketMask];
        if (bucket.Index == index)
        {
            return bucket;
        }

        var empty = default(GrainBucket);
        empty.Reset(index);
        return empty;
    }

    /// <summary>Returns the grain index logged at <paramref name="position"/>; valid for the last <see cref="LogCapacity"/> positions.</summary>
    /// <param name="position">A position below <see cref="LogCount"/>.</param>
    /// <returns>The grain index.</returns>
    public long LogAt(long position) => _log[position & _logMask];

    /// <summary>Records that a reader has consumed the log up to <see cref="LogCount"/>.</summary>
    public void MarkRead() => _lastReadLogPosition = LogCount;

    /// <summary>Drops every bucket and the source history; readers see missing data at their next read.</summary>
    public void Clear()
    {
        for (var i = 0; i < _buckets.Length; i++)
        {
            _buckets[i].Reset(GrainBucket.NoIndex);
        }

        _newest = GrainBucket.NoIndex;
        SourceMask = 0;
        HasInstanceSamples = false;
        Version++;
        Epoch++;
    }

    /// <summary>
    /// Resizes the ring to keep <paramref name="requiredGrains"/> grains (rounded up to a power of two), keeping the newest
    /// grains that fit. Readers rebuild at their next read.
    /// </summary>
    /// <param name="requiredGrains">How many consecutive grains the ring must keep.</param>
    public void Resize(int requiredGrains)
    {
        var capacity = RingSize(requiredGrains);
        if (capacity == _buckets.Length)
        {
            return;
        }

        var (buckets, mask) = CreateRing(requiredGrains);
        foreach (var bucket in _buckets)
        {
            if (_newest != GrainBucket.NoIndex && bucket.Index != GrainBucket.NoIndex && bucket.Index > _newest - capacity)
            {
                var kept = bucket;
                kept.LoggedAt = -1;
                buckets[kept.Index & mask] = kept;
            }
        }

        _buckets = buckets;
        _bucketMask = mask;
        (_log, _logMask) = CreateLog(capacity);
        Version++;
        Epoch++;
    }

    /// <summary>Captures the grains that hold samples, oldest first.</summary>
    internal SeriesSnapshot Capture()
    {
        var grains = new List<GrainSnapshot>();
        foreach (var b in _buckets)
        {
            if (b.Index != GrainBucket.NoIndex && b.Count > 0)
            {
                grains.Add(new GrainSnapshot(b.Index, b.Count, b.Sum, b.Min, b.Max, b.Last, b.LastTicks));
            }
        }

        grains.Sort(static (x, y) => x.Index.CompareTo(y.Index));
        return new SeriesSnapshot { Key = Key.ToString(), HasInstanceSamples = HasInstanceSamples, Grains = grains };
    }

    /// <summary>
    /// Replaces the grains with a snapshot's (those the ring can hold, the newest first); readers rebuild at their next
    /// read. The restored grains belong to no source, so a source's end does not clear them.
    /// </summary>
    internal void Restore(SeriesSnapshot snapshot)
    {
        Clear();
        HasInstanceSamples = snapshot.HasInstanceSamples;
        var grains = snapshot.Grains ?? [];
        var newest = GrainBucket.NoIndex;
        foreach (var g in grains)
        {
            newest = Math.Max(newest, g.Index);
        }

        foreach (var g in grains)
        {
            if (g.Count <= 0 || g.Index <= newest - _buckets.Length || !double.IsFinite(g.Sum) || !double.IsFinite(g.Last))
            {
                continue;
            }

            ref var bucket = ref _buckets[g.Index & _bucketMask];
            bucket.Reset(g.Index);
            bucket.Count = g.Count;
            bucket.Sum = g.Sum;
            bucket.Min = g.Min;
            bucket.Max = g.Max;
            bucket.Last = g.Last;
            bucket.LastTicks = g.LastTicks;
        }

        _newest = newest;
        Version++;
        Epoch++;
    }

    /// <summary>Returns the ring size used for <paramref name="requiredGrains"/>.</summary>
    /// <param name="requiredGrains">How many consecutive grains the ring must keep.</param>
    /// <returns>The smallest power of two not below it.</returns>
    public static int RingSize(int requiredGrains) => (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(requiredGrains, 1));

    private static (GrainBucket[] Buckets, long Mask) CreateRing(int requiredGrains)
    {
        var buckets = new GrainBucket[RingSize(requiredGrains)];
        for (var i = 0; i < buckets.Length; i++)
        {
            buckets[i].Reset(GrainBucket.NoIndex);
        }

        return (buckets, buckets.Length - 1);
    }

    private static (long[] Log, long Mask) CreateLog(int ringSize)
    {
        // Between two reads each grain is logged at most once, so twice the ring never overflows for a reader that
        // reads every time the others do; one that lags further rebuilds.
        var size = Math.Max(MinimumLogCapacity, ringSize * 2);
        return (new long[size], size - 1);
    }
}
