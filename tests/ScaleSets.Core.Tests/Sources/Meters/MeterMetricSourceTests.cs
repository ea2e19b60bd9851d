using System.Diagnostics.Metrics;
using Microsoft.Extensions.Time.Testing;
using ScaleSets.Engine;
using ScaleSets.Metrics;
using ScaleSets.Model;
using ScaleSets.Sources;
using ScaleSets.Sources.Meters;
using static ScaleSets.Tests.Policy.Profiles;

namespace ScaleSets.Tests.Sources.Meters;

[TestFixture]
public sealed class MeterMetricSourceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private FakeTimeProvider _time = null!;
    private Meter _meter = null!;
    private List<MetricSample> _samples = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider(T0);
        // A meter name of its own per test: listeners see every meter of the process.
        _meter = new Meter("app." + Guid.NewGuid().ToString("N"));
        _samples = [];
    }

    [TearDown]
    public void TearDown() => _meter.Dispose();

    [Test]
    public void Subscribe_CounterAndQueueGauge_RatePerIntervalAndValueOnVirtualTime()
    {
        var requests = _meter.CreateCounter<long>("http.requests");
        var queue = 0;
        _meter.CreateObservableGauge("orders.queue.length", () => queue);
        using var source = Source(
            new MeterInstrument { MeterName = _meter.Name, InstrumentName = "http.requests", Metric = "Requests per second" },
            new MeterInstrument { MeterName = _meter.Name, InstrumentName = "orders.queue.length", Metric = "QueueLength" });
        using var subscription = source.Subscribe(_samples.Add);

        requests.Add(150);
        queue = 12;
        _time.Advance(TimeSpan.FromSeconds(15));
        requests.Add(30);
        queue = 4;
        _time.Advance(TimeSpan.FromSeconds(15));
        _time.Advance(TimeSpan.FromSeconds(15));

        Assert.Multiple(() =>
        {
            Assert.That(Values("Requests per second"), Is.EqualTo(new[] { 10.0, 2.0, 0.0 }), "150 and 30 requests in 15 s, then none");
            Assert.That(Values("QueueLength"), Is.EqualTo(new[] { 12.0, 4.0, 4.0 }));
            Assert.That(_samples.Select(s => s.Timestamp - T0).Distinct(), Is.EqualTo(new[] { 15, 30, 45 }.Select(s => TimeSpan.FromSeconds(s))));
            Assert.That(_samples, Has.All.Matches<MetricSample>(s => s.Instance is null && s.Source == MetricSourceKind.Application));
            Assert.That(source.LastStatus!.Problems, Is.Empty);
        });
    }

    [Test]
    public async Task PollAsync_UpDownCounterAndGauge_RunningValueAndLastValue()
    {
        var inFlight = _meter.CreateUpDownCounter<int>("jobs.in_flight");
        var temperature = _meter.CreateGauge<double>("queue.age");
        using var source = Source(
            new MeterInstrument { MeterName = _meter.Name, InstrumentName = "jobs.in_flight" },
            new MeterInstrument { MeterName = _meter.Name, InstrumentName = "queue.age" });
        using var subscription = source.Subscribe(_samples.Add);

        inFlight.Add(5);
        inFlight.Add(-2);
        temperature.Record(30.5);
        temperature.Record(12.5);
        _time.Advance(TimeSpan.FromSeconds(5));
        await source.PollAsync();
        inFlight.Add(-3);
        _time.Advance(TimeSpan.FromSeconds(5));
        await source.PollAsync();

        Assert.Multiple(() =>
        {
            Assert.That(Values("jobs.in_flight"), Is.EqualTo(new[] { 3.0, 0.0 }), "the metric is named after the instrument when Metric is not set");
            Assert.That(Values("queue.age"), Is.EqualTo(new[] { 12.5, 12.5 }), "a gauge keeps its last value");
        });
    }

    [Test]
    public void Subscribe_ObservableCounterReset_RateNeverNegative()
    {
        long total = 0;
        _meter.CreateObservableCounter("bytes.sent", () => total);
        using var source = Source(new MeterInstrument { MeterName = _meter.Name, InstrumentName = "bytes.sent" });
        using var subscription = source.Subscribe(_samples.Add);

        total = 1000;
        _time.Advance(TimeSpan.FromSeconds(15));
        total = 4000;
        _time.Advance(TimeSpan.FromSeconds(15));
        total = 300; // the process counting it restarted
        _time.Advance(TimeSpan.FromSeconds(15));

        Assert.That(Values("bytes.sent"), Is.EqualTo(new[] { 200.0, 20.0 }), "first total has no rate; then 3000/15; after the reset 300/15");
    }

    [TestCase(MeterHistogramAggregation.Mean, 100, 50.5)]
    [TestCase(MeterHistogramAggregation.Percentile, 95, 95.05)]
    [TestCase(MeterHistogramAggregation.Percentile, 50, 50.5)]
    [TestCase(MeterHistogramAggregation.Percentile, 100, 100)]
    public async Task PollAsync_Histogram_AggregateOfTheIntervalsValues(MeterHistogramAggregation aggregation, double percentile, double expected)
    {
        var latency = _meter.CreateHistogram<double>("http.latency", "ms");
        using var source = Source(new MeterInstrument { MeterName = _meter.Name, InstrumentName = "http.latency", HistogramAggregation = aggregation, Percentile = percentile });
        using var subscription = source.Subscribe(_samples.Add);
        foreach (var value in Enumerable.Range(1, 100).Reverse())
        {
            latency.Record(value);
        }

        _time.Advance(TimeSpan.FromSeconds(1));
        await source.PollAsync();
        _time.Advance(TimeSpan.FromSeconds(1));
        await source.PollAsync();

        Assert.That(Values("http.latency"), Is.EqualTo(new[] { expected }).Within(1e-9), "the second interval recorded nothing: no sample");
    }

    [Test]
    public async Task PollAsync_HistogramBeyondItsKeptValues_PercentileFromAUniformSample()
    {
        var latency = _meter.CreateHistogram<int>("http.latency");
        var options = Options(new MeterInstrument { MeterName = _meter.Name, InstrumentName = "http.latency", HistogramAggregation = MeterHistogramAggregation.Percentile, Percentile = 50 });
        options.MaxHistogramValues = 1000;
        using var source = new MeterMetricSource(options, _time);
        using var subscription = source.Subscribe(_samples.Add);
        for (var i = 0; i < 100_000; i++)
        {
            latency.Record(i % 1000);
        }

        _time.Advance(TimeSpan.FromSeconds(1));
        await source.PollAsync();

        Assert.That(Values("http.latency").Single(), Is.EqualTo(500).Within(60), "the median of 0..999");
    }

    [Test]
    public async Task PollAsync_InstanceTag_PerInstanceSeriesWithTheOtherTagsAsDimensions()
    {
        var requests = _meter.CreateCounter<int>("http.requests");
        using var source = Source(new MeterInstrument { MeterName = _meter.Name, InstrumentName = "http.requests", InstanceTag = "instance" });
        using var subscription = source.Subscribe(_samples.Add);

        requests.Add(20, new("instance", "web-1"), new("route", "/orders"));
        requests.Add(10, new("route", "/orders"), new("instance", "web-2"));
        requests.Add(40, new KeyValuePair<string, object?>("route", "/orders"));
        _time.Advance(TimeSpan.FromSeconds(10));
        var status = await source.PollAsync();

        Assert.Multiple(() =>
        {
            Assert.That(_samples.ToDictionary(s => s.Instance!, s => s.Value), Is.EquivalentTo(new Dictionary<string, double> { ["web-1"] = 2, ["web-2"] = 1 }));
            Assert.That(_samples, Has.All.Matches<MetricSample>(s => s.Dimensions!["route"] == "/orders" && !s.Dimensions.ContainsKey("instance")));
            Assert.That(status.Problems, Has.One.Contains("instrument 'http.requests'").And.Contains("without the tag 'instance'").And.Contains("route=/orders"));
        });
    }

    [Test]
    public async Task PollAsync_BadValuesAndMissingInstrument_ReportedAndTheRestUsed()
    {
        var latency = _meter.CreateHistogram<double>("http.latency");
        var requests = _meter.CreateCounter<double>("http.requests");
        using var source = Source(
            new MeterInstrument { MeterName = _meter.Name, InstrumentName = "http.latency" },
            new MeterInstrument { MeterName = _meter.Name, InstrumentName = "http.requests" },
            new MeterInstrument { MeterName = _meter.Name, InstrumentName = "not.created" });
        using var subscription = source.Subscribe(_samples.Add);

        latency.Record(double.NaN);
        latency.Record(40);
        requests.Add(-5);
        requests.Add(20);
        _time.Advance(TimeSpan.FromSeconds(10));
        var status = await source.PollAsync();

        Assert.Multiple(() =>
        {
            Assert.That(Values("http.latency"), Is.EqualTo(new[] { 40.0 }));
            Assert.That(Values("http.requests"), Is.EqualTo(new[] { 2.0 }));
            Assert.That(status.Health, Is.EqualTo(MetricSourceHealth.Healthy));
            Assert.That(status.Problems, Has.One.Contains("'http.latency'").And.Contains("recorded NaN, which is not a finite number"));
            Assert.That(status.Problems, Has.One.Contains("'http.requests'").And.Contains("recorded -5, which is a negative increment"));
            Assert.That(status.Problems, Has.One.Contains("'not.created'").And.Contains("no such instrument has been created"));
            Assert.That(status.Problems, Has.All.StartsWith("meters: "));
        });
    }

    [Test]
    public async Task PollAsync_ObservableCallbackThrows_PollFailsAndSourceRecovers()
    {
        var fail = true;
        _meter.CreateObservableGauge("orders.queue.length", () => fail ? throw new InvalidOperationException("queue client disposed") : 3);
        var options = Options(new MeterInstrument { MeterName = _meter.Name, InstrumentName = "orders.queue.length" });
        options.Polling.MaxRetryAttempts = 0;
        using var source = new MeterMetricSource(options, _time);
        using var subscription = source.Subscribe(_samples.Add);

        var failed = await source.PollAsync();
        fail = false;
        var recovered = await source.PollAsync();

        Assert.Multiple(() =>
        {
            Assert.That(failed.Health, Is.EqualTo(MetricSourceHealth.Unavailable));
            Assert.That(failed.Error, Does.Contain("queue client disposed"));
            Assert.That(recovered.Health, Is.EqualTo(MetricSourceHealth.Healthy));
            Assert.That(Values("orders.queue.length"), Is.EqualTo(new[] { 3.0 }));
        });
    }

    [Test]
    public void Engine_ApplicationsOwnQueueGauge_ScalesOutThenIn()
    {
        var queue = 0;
        _meter.CreateObservableGauge("orders.queue.length", () => Volatile.Read(ref queue));
        using var source = Source(new MeterInstrument { MeterName = _meter.Name, InstrumentName = "orders.queue.length", Metric = "QueueLength" });
        using var engine = new AutoscaleEngine(new TimeProviderScheduler(_time));
        var setting = Setting(Profile(
            1,
            5,
            1,
            Threshold("QueueLength", ComparisonOperator.GreaterThan, 100, ScaleDirection.Increase, cooldown: TimeSpan.FromMinutes(1), window: TimeSpan.FromMinutes(5)),
            Threshold("QueueLength", ComparisonOperator.LessThan, 10, ScaleDirection.Decrease, cooldown: TimeSpan.FromMinutes(1), window: TimeSpan.FromMinutes(5))));
        var workers = engine.AddScaleSet("workers", setting, 1, [source]);
        using var running = engine.Start();

        Volatile.Write(ref queue, 500);
        Step(TimeSpan.FromMinutes(7));
        var afterBacklog = workers.Capacity;
        Volatile.Write(ref queue, 0);
        Step(TimeSpan.FromMinutes(10));

        Assert.Multiple(() =>
        {
            Assert.That(afterBacklog, Is.GreaterThan(1), "a backlog of 500 in the application's own gauge scaled the set out");
            Assert.That(workers.Capacity, Is.LessThan(afterBacklog), "an empty queue scaled it back in");
            Assert.That(source.LastStatus!.Health, Is.EqualTo(MetricSourceHealth.Healthy));
        });
    }

    [Test]
    public void Constructor_InvalidOptions_EveryProblemAtItsPath()
    {
        var options = new MeterMetricsOptions();
        options.Instruments.Add(new MeterInstrument { MeterName = "", InstrumentName = "x", Percentile = 0, InstanceTag = "" });
        options.Instruments.Add(new MeterInstrument { MeterName = "m", InstrumentName = "y" });
        options.Instruments.Add(new MeterInstrument { MeterName = "m", InstrumentName = "y" });

        var problems = options.Validate("ScaleSets:web:Sources:0");

        Assert.Multiple(() =>
        {
            Assert.That(problems, Has.One.StartsWith("ScaleSets:web:Sources:0:Instruments:0:MeterName is required"));
            Assert.That(problems, Has.One.StartsWith("ScaleSets:web:Sources:0:Instruments:0:Percentile must be more than 0"));
            Assert.That(problems, Has.One.StartsWith("ScaleSets:web:Sources:0:Instruments:0:InstanceTag must not be empty"));
            Assert.That(problems, Has.One.StartsWith("ScaleSets:web:Sources:0:Instruments:2: the instrument 'y' of meter 'm' is listed twice"));
            Assert.That(() => new MeterMetricSource(options), Throws.ArgumentException.With.Message.Contains("MeterName is required"));
        });
    }

    private void Step(TimeSpan span)
    {
        for (var t = TimeSpan.Zero; t < span; t += TimeSpan.FromSeconds(1))
        {
            _time.Advance(TimeSpan.FromSeconds(1));
        }
    }

    private double[] Values(string metric) => _samples.Where(s => s.Metric == metric).Select(s => s.Value).ToArray();

    private MeterMetricSource Source(params MeterInstrument[] instruments) => new(Options(instruments), _time);

    private static MeterMetricsOptions Options(params MeterInstrument[] instruments)
    {
        var options = new MeterMetricsOptions();
        foreach (var instrument in instruments)
        {
            options.Instruments.Add(instrument);
        }

        return options;
    }
}
