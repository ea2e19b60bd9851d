using System.Diagnostics.Metrics;
using System.Globalization;
using System.Numerics;
using ScaleSets.Metrics;

namespace ScaleSets.Sources.Meters;

/// <summary>
/// Listens to the chosen instruments with a <see cref="MeterListener"/> and, at each poll, turns what they recorded since
/// the previous poll into samples. Measurements arrive on the application's threads and only touch this poller's state
/// under its lock; observable instruments' callbacks (the application's code) run at the poll, outside the lock.
/// </summary>
internal sealed class MeterPoller : IMetricPoller, IDisposable
{
    private readonly Lock _gate = new();
    private readonly MeterMetricsOptions _options;
    private readonly MeterListener _listener;
    private readonly Dictionary<(string Meter, string Instrument), Tracked> _tracked = [];
    private readonly List<string> _pendingProblems = [];
    private readonly CounterRateTracker _rates = new();
    private readonly Random _sampling = new(0);
    private DateTimeOffset _windowStart;

    public MeterPoller(MeterMetricsOptions options, DateTimeOffset start)
    {
        _options = options;
        _windowStart = start;
        foreach (var instrument in options.Instruments)
        {
            _tracked[(instrument.MeterName, instrument.InstrumentName)] = new Tracked(instrument);
        }

        _listener = new MeterListener
        {
            InstrumentPublished = OnInstrumentPublished,
            MeasurementsCompleted = OnMeasurementsCompleted,
        };
        _listener.SetMeasurementEventCallback<byte>(OnMeasurement);
        _listener.SetMeasurementEventCallback<short>(OnMeasurement);
        _listener.SetMeasurementEventCallback<int>(OnMeasurement);
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
        _listener.SetMeasurementEventCallback<float>(OnMeasurement);
        _listener.SetMeasurementEventCallback<double>(OnMeasurement);
        _listener.SetMeasurementEventCallback<decimal>(OnMeasurement);
        _listener.Start();
    }

    public ValueTask<MetricPoll> PollAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The observable instruments' callbacks are the application's code: never under our lock.
        _listener.RecordObservableInstruments();
        var samples = new List<MetricSample>();
        var problems = new List<string>();
        lock (_gate)
        {
            var seconds = (now - _windowStart).TotalSeconds;
            problems.AddRange(_pendingProblems);
            _pendingProblems.Clear();
            foreach (var tracked in _tracked.Values)
            {
                Collect(tracked, now, seconds, samples, problems);
            }

            if (seconds > 0)
            {
                _windowStart = now;
            }
        }

        return ValueTask.FromResult(new MetricPoll(samples, problems));
    }

    public void Dispose() => _listener.Dispose();

    private static string Describe(MeterInstrument instrument) =>
        $"instrument '{instrument.InstrumentName}' of meter '{instrument.MeterName}'";

    private static double Percentile(List<double> values, double percentile)
    {
        values.Sort();
        var rank = percentile / 100 * (values.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return values[low] + ((values[high] - values[low]) * (rank - low));
    }

    private void Collect(Tracked tracked, DateTimeOffset now, double seconds, List<MetricSample> samples, List<string> problems)
    {
        var instrument = tracked.Instrument;
        var what = $"{_options.SourceName}: {Describe(instrument)}";
        if (tracked.Kind is null)
        {
            if (!tracked.Published)
            {
                problems.Add($"{what}: no such instrument has been created (yet); check the meter's and the instrument's names");
            }

            return;
        }

        foreach (var (key, series) in tracked.Series)
        {
            if (series.Rejected is { } rejected)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{what}{Tags(series)}: recorded {rejected}, which is {(tracked.Kind == MeterInstrumentKind.Counter && double.IsFinite(rejected) ? "a negative increment" : "not a finite number")}; left out"));
                series.Rejected = null;
            }

            if (series.Problem is { } problem)
            {
                if (series.Fresh)
                {
                    problems.Add($"{what}: {problem}");
                }

                series.Fresh = false;
                continue;
            }

            double? value = null;
            switch (tracked.Kind)
            {
                case MeterInstrumentKind.Counter when seconds > 0:
                    value = series.Value / seconds;
                    series.Value = 0;
                    break;
                case MeterInstrumentKind.ObservableCounter when series.Fresh:
                    if (_rates.TryGetRate(tracked.Id + "\n" + key, series.Value, now, out var rate, out _))
                    {
                        value = rate;
                    }

                    break;
                case MeterInstrumentKind.UpDownCounter:
                    value = series.Value;
                    break;
                case MeterInstrumentKind.Gauge when series.Fresh || !tracked.Observable:
                    value = series.Value;
                    break;
                case MeterInstrumentKind.Histogram when series.Count > 0:
                    value = instrument.HistogramAggregation == MeterHistogramAggregation.Percentile && series.Values is { Count: > 0 } kept
                        ? Percentile(kept, instrument.Percentile)
                        : series.Sum / series.Count;
                    series.Sum = 0;
                    series.Count = 0;
                    series.Values?.Clear();
                    break;
            }

            if (tracked.Observable || tracked.Kind != MeterInstrumentKind.Gauge)
            {
                series.Fresh = false;
            }

            if (value is { } v)
            {
                samples.Add(new MetricSample(instrument.MetricName, instrument.Source, v, now, series.Instance, series.Dimensions));
            }
        }
    }

    private static string Tags(MeterSeries series)
    {
        if (series.Instance is null && series.Dimensions is null)
        {
            return string.Empty;
        }

        var parts = new List<string>();
        if (series.Instance is not null)
        {
            parts.Add("instance " + series.Instance);
        }

        if (series.Dimensions is not null)
        {
            parts.AddRange(series.Dimensions.Select(d => $"{d.Key}={d.Value}"));
        }

        return " (" + string.Join(", ", parts) + ")";
    }

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        Tracked? tracked;
        string? problem = null;
        lock (_gate)
        {
            if (!_tracked.TryGetValue((instrument.Meter.Name, instrument.Name), out tracked))
            {
                return;
            }

            var kind = MeterInstrumentKinds.Of(instrument);
            if (kind is null)
            {
                problem = $"{_options.SourceName}: {Describe(tracked.Instrument)} is a {instrument.GetType().Name}, which this source cannot read";
                tracked = null;
            }
            else if (tracked.Kind is { } known && (known != kind || tracked.Observable != instrument.IsObservable))
            {
                problem = $"{_options.SourceName}: {Describe(tracked.Instrument)} was created again as a {instrument.GetType().Name}, unlike the first one; the new one is ignored";
                tracked = null;
            }
            else
            {
                tracked.Kind = kind;
                tracked.Observable = instrument.IsObservable;
                tracked.Published = true;
            }

            if (problem is not null)
            {
                _pendingProblems.Add(problem);
            }
        }

        if (tracked is not null)
        {
            listener.EnableMeasurementEvents(instrument, tracked);
        }
    }

    private void OnMeasurementsCompleted(Instrument instrument, object? state)
    {
        // The meter was disposed: its series stop (a gauge's last value is not reported on forever).
        if (state is Tracked tracked)
        {
            lock (_gate)
            {
                tracked.Series.Clear();
            }
        }
    }

    private void OnMeasurement<T>(Instrument instrument, T measurement, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
        where T : struct, INumberBase<T>
    {
        if (state is not Tracked tracked)
        {
            return;
        }

        var value = double.CreateSaturating(measurement);
        var key = TagKey(tags);
        lock (_gate)
        {
            if (!tracked.Series.TryGetValue(key, out var series))
            {
                series = CreateSeries(tracked.Instrument, tags);
                tracked.Series.Add(key, series);
            }

            if (!double.IsFinite(value) || (tracked.Kind == MeterInstrumentKind.Counter && value < 0))
            {
                series.Rejected = value;
                return;
            }

            series.Fresh = true;
            switch (tracked.Kind)
            {
                case MeterInstrumentKind.Counter or MeterInstrumentKind.UpDownCounter:
                    series.Value += value;
                    break;
                case MeterInstrumentKind.Histogram:
                    series.Sum += value;
                    series.Count++;
                    var kept = series.Values ??= [];
                    if (kept.Count < _options.MaxHistogramValues)
                    {
                        kept.Add(value);
                    }
                    else
                    {
                        // Reservoir sampling: every value recorded in the interval is kept with the same chance.
                        var slot = _sampling.NextInt64(series.Count);
                        if (slot < kept.Count)
                        {
                            kept[(int)slot] = value;
                        }
                    }

                    break;
                default:
                    series.Value = value;
                    break;
            }
        }
    }

    private static string TagKey(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            return string.Empty;
        }

        var parts = new string[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            parts[i] = tags[i].Key + "=" + Convert.ToString(tags[i].Value, CultureInfo.InvariantCulture);
        }

        Array.Sort(parts, StringComparer.Ordinal);
        return string.Join('\u001f', parts);
    }

    private static MeterSeries CreateSeries(MeterInstrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? id = null;
        Dictionary<string, string>? dimensions = null;
        foreach (var (name, value) in tags)
        {
            var text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
            if (instrument.InstanceTag is { } tag && string.Equals(name, tag, StringComparison.Ordinal))
            {
                id = text;
            }
            else
            {
                (dimensions ??= new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase))[name] = text;
            }
        }

        var problem = instrument.InstanceTag is { } wanted && string.IsNullOrEmpty(id)
            ? $"a measurement without the tag '{wanted}' that names its instance (tags: {(dimensions is null ? "none" : string.Join(", ", dimensions.Select(d => $"{d.Key}={d.Value}")))}); left out"
            : null;
        return new MeterSeries(id, dimensions, problem);
    }

    private sealed class Tracked(MeterInstrument instrument)
    {
        private static int _next;

        public MeterInstrument Instrument { get; } = instrument;

        public string Id { get; } = Interlocked.Increment(ref _next).ToString(CultureInfo.InvariantCulture);

        public MeterInstrumentKind? Kind { get; set; }

        public bool Observable { get; set; }

        public bool Published { get; set; }

        public Dictionary<string, MeterSeries> Series { get; } = new(StringComparer.Ordinal);
    }
}
