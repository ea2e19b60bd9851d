using System.Reactive.Concurrency;
using System.Reactive.Subjects;
using BenchmarkDotNet.Attributes;
using ScaleSets.Engine;
using ScaleSets.Metrics;
using ScaleSets.Model;
using ScaleSets.Series;

namespace ScaleSets.Benchmarks;

/// <summary>
/// Cost per sample of ingesting into the metric pipeline, against a hand-written loop doing the same bucket arithmetic
/// (grain index, ring slot, count/sum/min/max/last) over the same pre-generated samples.
/// </summary>
[MemoryDiagnoser]
public class IngestBenchmarks
{
    private const string Metric = "Percentage CPU";
    private const int Instances = 10;

    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly long GrainTicks = TimeSpan.FromMinutes(1).Ticks;

    private MetricSample[] _samples = [];
    private MetricSample[] _samplesWithCopiedNames = [];
    private MetricSample[] _samplesWithNamePerInstance = [];
    private MetricStore _store = null!;
    private MetricStore _storeWithWarmup = null!;
    private MetricSeries _series = null!;
    private AutoscaleEngine _engine = null!;
    private ScaleSetAutoscaler _autoscaler = null!;
    private Subject<MetricSample> _source = null!;

    private long[] _ringIndex = [];
    private long[] _ringCount = [];
    private double[] _ringSum = [];
    private double[] _ringMin = [];
    private double[] _ringMax = [];
    private double[] _ringLast = [];
    private long[] _ringLastTicks = [];
    private long _ringMask;

    /// <summary>The number of samples per invocation; every benchmark reports the cost of one sample.</summary>
    public const int SampleCount = 65536;

    // OperationsPerInvoke must be a constant, so N has the one value the per-sample figures are divided by.
    [Params(SampleCount)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var instances = Enumerable.Range(0, Instances).Select(static i => "vm-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        // Ten instances reporting every ten seconds: one sample per second in time order, a few seconds of jitter.
        _samples = new MetricSample[N];
        _samplesWithCopiedNames = new MetricSample[N];
        _samplesWithNamePerInstance = new MetricSample[N];
        var namePerInstance = Enumerable.Range(0, Instances).Select(static _ => new string(Metric.AsSpan())).ToArray();
        for (var i = 0; i < N; i++)
        {
            var timestamp = Start.AddSeconds(i).AddMilliseconds(random.Next(0, 3000));
            var sample = new MetricSample(Metric, MetricSourceKind.Host, random.NextDouble() * 100, timestamp, instances[i % Instances]);
            _samples[i] = sample;
            _samplesWithCopiedNames[i] = sample with { Metric = new string(Metric.AsSpan()) };
            _samplesWithNamePerInstance[i] = sample with { Metric = namePerInstance[i % Instances] };
        }

        MetricTrigger[] triggers = [new() { MetricName = Metric, TimeGrain = TimeSpan.FromMinutes(1), TimeWindow = TimeSpan.FromMinutes(10) }];
        _store = new MetricStore(triggers, new AutoscaleEngineOptions().SampleLimits());
        _storeWithWarmup = new MetricStore(triggers, new AutoscaleEngineOptions().SampleLimits());
        _storeWithWarmup.SetWarmingUp("vm-new", Start.AddYears(1));
        _series = _store.GetSeries(0);

        // The engine's clock stands at the last sample; the lateness allowed covers them all, so every one is accepted.
        _engine = new AutoscaleEngine(new HistoricalScheduler(Start.AddSeconds(N)), new AutoscaleEngineOptions { MaxSampleLateness = TimeSpan.FromDays(2) });
        _autoscaler = _engine.AddScaleSet("web", Setting(), 1);
        _source = new Subject<MetricSample>();
        _autoscaler.AddSource(_source);

        var capacity = _series.Capacity;
        _ringIndex = new long[capacity];
        _ringCount = new long[capacity];
        _ringSum = new double[capacity];
        _ringMin = new double[capacity];
        _ringMax = new double[capacity];
        _ringLast = new double[capacity];
        _ringLastTicks = new long[capacity];
        _ringMask = capacity - 1;
    }

    /// <summary>The least work: bucket arithmetic into a ring of the same size, no validation or routing.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = SampleCount)]
    public double HandWrittenRing()
    {
        Array.Fill(_ringIndex, long.MinValue);
        var samples = _samples;
        for (var i = 0; i < samples.Length; i++)
        {
            ref readonly var sample = ref samples[i];
            var ticks = sample.Timestamp.UtcTicks;
            var value = sample.Value;
            var index = ticks / GrainTicks;
            var slot = index & _ringMask;
            if (_ringIndex[slot] != index)
            {
                _ringIndex[slot] = index;
                _ringCount[slot] = 0;
                _ringSum[slot] = 0;
                _ringMin[slot] = double.PositiveInfinity;
                _ringMax[slot] = double.NegativeInfinity;
                _ringLastTicks[slot] = long.MinValue;
            }

            _ringCount[slot]++;
            _ringSum[slot] += value;
            if (value < _ringMin[slot])
            {
                _ringMin[slot] = value;
            }

            if (value > _ringMax[slot])
            {
                _ringMax[slot] = value;
            }

            if (ticks >= _ringLastTicks[slot])
            {
                _ringLast[slot] = value;
                _ringLastTicks[slot] = ticks;
            }
        }

        return _ringSum[0];
    }

    /// <summary>The series' own add path: the ring plus version, source mask and change log.</summary>
    [Benchmark(OperationsPerInvoke = SampleCount)]
    public long SeriesTryAdd()
    {
        _series.Clear();
        var samples = _samples;
        for (var i = 0; i < samples.Length; i++)
        {
            ref readonly var sample = ref samples[i];
            _series.TryAdd(sample.Timestamp.UtcTicks, sample.Value, 1);
        }

        return _series.Version;
    }

    /// <summary>The full ingest path: validation, name routing (same name string instance), range, warm-up, filters, ring.</summary>
    [Benchmark(OperationsPerInvoke = SampleCount)]
    public long StoreIngest() => IngestAll(_store, _samples);

    /// <summary>
    /// As <see cref="StoreIngest"/>, but each instance's reporter has its own copy of the name: consecutive samples carry
    /// equal names in different string instances, so each pays a case-insensitive comparison with the previous name.
    /// </summary>
    [Benchmark(OperationsPerInvoke = SampleCount)]
    public long StoreIngestNamePerInstance() => IngestAll(_store, _samplesWithNamePerInstance);

    /// <summary>
    /// As <see cref="StoreIngest"/>, but every sample carries its own copy of the name (65,536 strings, about 3.5 MB), so
    /// each pays the comparison on a string that is usually not in cache.
    /// </summary>
    [Benchmark(OperationsPerInvoke = SampleCount)]
    public long StoreIngestDistinctNameStrings() => IngestAll(_store, _samplesWithCopiedNames);

    /// <summary>As <see cref="StoreIngest"/>, with another instance warming up so every sample pays the warm-up lookup.</summary>
    [Benchmark(OperationsPerInvoke = SampleCount)]
    public long StoreIngestWarmupActive() => IngestAll(_storeWithWarmup, _samples);

    /// <summary>
    /// The path of a sample pushed by a metric source: the source's <c>OnNext</c>, the engine's source observer, the clock
    /// read, the scale set's lock and <see cref="MetricStore.Ingest"/> (source index 1, the first added source).
    /// </summary>
    [Benchmark(OperationsPerInvoke = SampleCount)]
    public long AutoscalerSourceIngest()
    {
        _autoscaler.Store.OnSourceTerminated(1);
        var samples = _samples;
        for (var i = 0; i < samples.Length; i++)
        {
            _source.OnNext(samples[i]);
        }

        return _autoscaler.Store.Count(IngestOutcome.Accepted);
    }

    /// <summary>Disposes the engine of <see cref="AutoscalerSourceIngest"/>.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _source.Dispose();
        _engine.Dispose();
    }

    private static AutoscaleSetting Setting()
    {
        var profile = new AutoscaleProfile { Name = "default", Capacity = new ScaleCapacity { Minimum = 1, Maximum = 10, Default = 1 } };
        profile.Rules.Add(new ScaleRule
        {
            MetricTrigger = new MetricTrigger { MetricName = Metric, TimeWindow = TimeSpan.FromMinutes(10), Operator = ComparisonOperator.GreaterThan, Threshold = 90 },
            ScaleAction = new ScaleAction { Direction = ScaleDirection.Increase },
        });
        return new AutoscaleSetting { Name = "ingest", Profiles = [profile] };
    }

    private static long IngestAll(MetricStore store, MetricSample[] samples)
    {
        // Clearing (through the source-termination path) lets every invocation replay the same timestamps: O(ring), not O(N).
        store.OnSourceTerminated(0);
        long accepted = 0;
        for (var i = 0; i < samples.Length; i++)
        {
            ref readonly var sample = ref samples[i];
            if (store.Ingest(in sample, sample.Timestamp, 0) == IngestOutcome.Accepted)
            {
                accepted++;
            }
        }

        return accepted;
    }
}
