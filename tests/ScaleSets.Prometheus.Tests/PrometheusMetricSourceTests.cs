using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using ScaleSets.Abstractions;
using ScaleSets.Metrics;
using ScaleSets.Prometheus.Tests.Integration;
using ScaleSets.Sources;
using ScaleSets.Testing.Processes;

namespace ScaleSets.Prometheus.Tests;

/// <summary>
/// The source against a real Prometheus scraping a real node_exporter and the test's application exporters (tests/run.sh
/// installs the Debian packages <c>prometheus</c> and <c>prometheus-node-exporter</c>; without them these tests fail and say so).
/// </summary>
[TestFixture]
public sealed class PrometheusMetricSourceTests
{
    private const string CpuQuery = "100 * (1 - avg by (instance) (rate(node_cpu_seconds_total{job=\"node\",mode=\"idle\"}[5s])))";
    private readonly Dictionary<string, ApplicationExporter> _apps = new(StringComparer.Ordinal);
    private PrometheusServer _prometheus = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        foreach (var pod in new[] { "web-0", "web-1", "web-2" })
        {
            _apps[pod] = new ApplicationExporter();
        }

        _apps["web-0"].QueueLength = 7;
        _apps["web-1"].QueueLength = 3;
        _apps["web-2"].QueueLength = 1;
        _prometheus = await PrometheusServer.StartAsync(_apps.ToDictionary(a => a.Key, a => a.Value.Target, StringComparer.Ordinal));
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _prometheus?.Dispose();
        foreach (var app in _apps.Values)
        {
            app.Dispose();
        }
    }

    [Test]
    public async Task PollAsync_NodeExporterCpuAndMemory_PerInstanceSamplesMatchedByAddress()
    {
        var options = Options(
            new PrometheusQuery { Metric = "Percentage CPU", Query = CpuQuery },
            new PrometheusQuery { Metric = "Available Memory Bytes", Query = "node_memory_MemAvailable_bytes{job=\"node\"}" });
        options.InstanceMatch = PrometheusInstanceMatch.Address;
        options.Instances = _ => Task.FromResult<IReadOnlyList<InstanceInfo>>([Instance("vm-a", "vm-a", "127.0.0.1")]);
        using var source = new PrometheusMetricSource(options);
        var seen = new List<MetricSample>();
        using var subscription = source.Subscribe(new Collect(seen));

        var status = await source.PollAsync();

        var cpu = seen.Single(s => s.Metric == "Percentage CPU");
        var memory = seen.Single(s => s.Metric == "Available Memory Bytes");
        Assert.Multiple(() =>
        {
            Assert.That(status.Health, Is.EqualTo(MetricSourceHealth.Healthy), status.Error);
            Assert.That(status.Problems, Is.Empty);
            Assert.That(status.Samples, Is.EqualTo(2));
            Assert.That(cpu.Instance, Is.EqualTo("vm-a"), "127.0.0.1:port matched to the instance's address");
            Assert.That(cpu.Source, Is.EqualTo(MetricSourceKind.Guest));
            Assert.That(cpu.Value, Is.InRange(0.0, 100.0));
            Assert.That(memory.Instance, Is.EqualTo("vm-a"));
            Assert.That(memory.Value, Is.InRange(MemAvailableBytes() * 0.5, MemAvailableBytes() * 2), "the machine's own MemAvailable");
            Assert.That(memory.Dimensions, Does.ContainKey("job").WithValue("node"), "the other labels become dimensions");
            Assert.That(memory.Dimensions, Does.Not.ContainKey("instance").And.Not.ContainKey("__name__"));
        });
    }

    [Test]
    public async Task PollAsync_ApplicationExporter_PodLabelMatchedByNameTemplateAndSetLevelValues()
    {
        var options = Options(
            new PrometheusQuery { Metric = "QueueLength", Query = "app_queue_length{pod=~\"web-0|web-1\"}", Source = MetricSourceKind.Application },
            new PrometheusQuery { Metric = "Requests per second", Query = "sum(rate(app_requests_total{pod=~\"web-0|web-1\"}[5s]))", Source = MetricSourceKind.Application, PerInstance = false },
            new PrometheusQuery { Metric = "TotalQueue", Query = "scalar(sum(app_queue_length{pod=~\"web-0|web-1\"}))", Source = MetricSourceKind.Application });
        options.InstanceLabel = "pod";
        options.InstanceMatch = PrometheusInstanceMatch.Template;
        options.InstanceTemplate = "{name}";
        options.Instances = _ => Task.FromResult<IReadOnlyList<InstanceInfo>>([Instance("i-0", "web-0", null), Instance("i-1", "web-1", null)]);
        var poller = new PrometheusPoller(options.Clone(), new HttpClient());

        var poll = await poller.PollAsync(TimeProvider.System.GetUtcNow(), CancellationToken.None);

        var queue = poll.Samples.Where(s => s.Metric == "QueueLength").ToDictionary(s => s.Instance!, s => s.Value, StringComparer.Ordinal);
        var rate = poll.Samples.Single(s => s.Metric == "Requests per second");
        var total = poll.Samples.Single(s => s.Metric == "TotalQueue");
        Assert.Multiple(() =>
        {
            Assert.That(poll.Problems, Is.Empty);
            Assert.That(queue, Is.EquivalentTo(new Dictionary<string, double> { ["i-0"] = 7, ["i-1"] = 3 }));
            Assert.That(rate.Instance, Is.Null, "an aggregate is set-level");
            Assert.That(rate.Value, Is.GreaterThan(0), "the counters grow at every scrape");
            Assert.That(total.Instance, Is.Null, "a scalar is set-level");
            Assert.That(total.Value, Is.EqualTo(10));
        });
    }

    [Test]
    public async Task PollAsync_TimeFromTheTimeProvider_QueryEvaluatedAtThatTime()
    {
        var options = Options(new PrometheusQuery { Metric = "QueueLength", Query = "sum(app_queue_length{pod=~\"web-0|web-1\"})", PerInstance = false });
        var poller = new PrometheusPoller(options.Clone(), new HttpClient());
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow() - TimeSpan.FromHours(2));

        var before = await poller.PollAsync(clock.GetUtcNow(), CancellationToken.None);
        clock.Advance(TimeSpan.FromHours(2));
        var now = await poller.PollAsync(clock.GetUtcNow(), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(now.Samples.Select(s => s.Value), Is.EqualTo(new[] { 10.0 }));
            Assert.That(now.Samples[0].Timestamp, Is.EqualTo(clock.GetUtcNow()), "stamped with the poll's time");
            Assert.That(before.Samples, Is.Empty, "two hours before Prometheus started there is no data");
            Assert.That(before.Problems, Has.One.Contains("no series"));
        });
    }

    [Test]
    public async Task PollAsync_BadPartsOfAnswers_EachReportedAndTheRestUsed()
    {
        var options = Options(
            new PrometheusQuery { Metric = "QueueLength", Query = "app_queue_length{pod=~\"web-0|web-1\"}" },
            new PrometheusQuery { Metric = "Broken", Query = "sum(app_queue_length" },
            new PrometheusQuery { Metric = "NotANumber", Query = "app_queue_length{pod=\"web-0\"} * NaN" },
            new PrometheusQuery { Metric = "Duplicated", Query = "label_replace(app_queue_length{pod=~\"web-0|web-1\"}, \"pod\", \"web-0\", \"\", \"\")" },
            new PrometheusQuery { Metric = "Unlabelled", Query = "count by (job) (up)" },
            new PrometheusQuery { Metric = "Unknown", Query = "label_replace(app_queue_length{pod=\"web-1\"}, \"pod\", \"web-9\", \"\", \"\")" });
        options.InstanceLabel = "pod";
        options.Instances = _ => Task.FromResult<IReadOnlyList<InstanceInfo>>([Instance("web-0", "web-0", null), Instance("web-1", "web-1", null)]);
        using var source = new PrometheusMetricSource(options);
        var seen = new List<MetricSample>();
        using var subscription = source.Subscribe(new Collect(seen));

        var status = await source.PollAsync();

        Assert.Multiple(() =>
        {
            Assert.That(status.Health, Is.EqualTo(MetricSourceHealth.Healthy), "one refused query does not fail the others");
            Assert.That(seen.Where(s => s.Metric == "QueueLength").Select(s => s.Instance), Is.EquivalentTo(new[] { "web-0", "web-1" }));
            Assert.That(seen.Where(s => s.Metric != "QueueLength"), Is.Empty);
            Assert.That(status.Problems, Has.One.Contains("metric 'Broken'").And.Contains("refused the query (bad_data)"));
            Assert.That(status.Problems, Has.One.Contains("metric 'NotANumber'").And.Contains("is NaN, not a finite number"));
            Assert.That(status.Problems, Has.One.Contains("metric 'Duplicated'").And.Contains("both name instance 'web-0'"));
            Assert.That(status.Problems.Where(p => p.Contains("metric 'Unlabelled'", StringComparison.Ordinal) && p.Contains("has no label 'pod'", StringComparison.Ordinal)).Count(), Is.EqualTo(2), "count by job: the node and app series");
            Assert.That(status.Problems, Has.One.Contains("metric 'Unknown'").And.Contains("pod=\"web-9\" matches no instance"));
            Assert.That(status.Problems, Has.Some.Contains("metric 'Unknown'").And.Contains("no series for instance 'web-0'"));
            Assert.That(status.Problems, Has.All.StartsWith("prometheus: "), "each names the source");
        });
    }

    [Test]
    public async Task PollAsync_EveryQueryRefused_SourceUnavailableWithPrometheusError()
    {
        var options = Options(new PrometheusQuery { Metric = "Broken", Query = "rate(app_requests_total)" });
        options.Polling.MaxRetryAttempts = 0;
        using var source = new PrometheusMetricSource(options);

        var status = await source.PollAsync();

        Assert.Multiple(() =>
        {
            Assert.That(status.Health, Is.EqualTo(MetricSourceHealth.Unavailable));
            Assert.That(status.Error, Does.Contain("metric 'Broken'").And.Contains("bad_data").And.Contains("range vector"));
        });
    }

    [Test]
    public async Task PollAsync_TargetStops_ItsSeriesGoesStaleAndTheInstanceIsReported()
    {
        var options = Options(new PrometheusQuery { Metric = "QueueLength", Query = "app_queue_length{pod=~\"web-1|web-2\"}" });
        options.InstanceLabel = "pod";
        options.Instances = _ => Task.FromResult<IReadOnlyList<InstanceInfo>>([Instance("web-1", "web-1", null), Instance("web-2", "web-2", null)]);
        var poller = new PrometheusPoller(options.Clone(), new HttpClient());
        var before = await poller.PollAsync(TimeProvider.System.GetUtcNow(), CancellationToken.None);

        _apps["web-2"].Dispose();
        await _prometheus.WaitAsync("up{pod=\"web-2\"}", v => v == 0, "web-2's scrape failing");
        var after = await Eventually.UntilAsync(
            () => poller.PollAsync(TimeProvider.System.GetUtcNow(), CancellationToken.None).AsTask(),
            p => p.Samples.Count == 1,
            TimeSpan.FromSeconds(10),
            "web-2's series marked stale");

        Assert.Multiple(() =>
        {
            Assert.That(before.Samples.Select(s => s.Instance), Is.EquivalentTo(new[] { "web-1", "web-2" }));
            Assert.That(after.Samples.Single().Instance, Is.EqualTo("web-1"));
            Assert.That(after.Problems, Has.One.Contains("no series for instance 'web-2'").And.Contains("stale"));
        });
    }

    [Test]
    public async Task PollAsync_NothingListening_UnavailableAfterRetriesNamingTheAddress()
    {
        var options = Options(new PrometheusQuery { Metric = "QueueLength", Query = "app_queue_length" });
        options.ServerUri = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{ChildProcess.FreePort()}/"));
        options.Polling.MaxRetryAttempts = 1;
        options.Polling.RetryDelay = TimeSpan.FromMilliseconds(10);
        using var source = new PrometheusMetricSource(options);

        var status = await source.PollAsync();

        Assert.Multiple(() =>
        {
            Assert.That(status.Health, Is.EqualTo(MetricSourceHealth.Unavailable));
            Assert.That(status.Error, Does.Contain($"Prometheus at {options.ServerUri}api/v1/query could not be reached").And.EndsWith("(2 attempts)"));
            Assert.That(status.ConsecutiveFailures, Is.EqualTo(1));
        });
    }

    [TestCase(502, "text/html", "<html><body>Bad Gateway</body></html>", "answered HTTP 502 Bad Gateway: <html><body>Bad Gateway</body></html>")]
    [TestCase(200, "application/json", "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"pod\":\"web-0\"},\"value\":[1,\"", "not valid JSON at byte")]
    [TestCase(200, "application/json", "hello, world", "not valid JSON at byte 0")]
    [TestCase(200, "application/json", "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}", "the result is a matrix")]
    [TestCase(200, "application/json", "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"pod\":\"web-0\"},\"value\":[1,\"lots\"]}]}}", "data.result[0].value[1] is 'lots', not a number")]
    [TestCase(200, "application/json", "{\"data\":{}}", "has no 'status'")]
    public async Task PollAsync_GarbageFromTheServer_PollFailsNamingWhatAndWhere(int status, string contentType, string body, string expected)
    {
        using var server = TestHttpServer.Answering(status, contentType, body);
        var options = Options(new PrometheusQuery { Metric = "QueueLength", Query = "app_queue_length" });
        options.ServerUri = server.Uri;
        options.Polling.MaxRetryAttempts = 0;
        using var source = new PrometheusMetricSource(options);

        var result = await source.PollAsync();

        Assert.Multiple(() =>
        {
            Assert.That(result.Health, Is.EqualTo(MetricSourceHealth.Unavailable));
            Assert.That(result.Error, Does.Contain($"Prometheus at {server.Uri}api/v1/query").And.Contains(expected));
        });
    }

    [Test]
    public async Task PollAsync_AnswerLargerThanTheLimit_PollFailsSayingSo()
    {
        using var server = TestHttpServer.Answering(200, "application/json", "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[" + string.Join(',', Enumerable.Repeat("{\"metric\":{},\"value\":[1,\"1\"]}", 100)) + "]}}");
        var options = Options(new PrometheusQuery { Metric = "QueueLength", Query = "app_queue_length" });
        options.ServerUri = server.Uri;
        options.MaxResponseBytes = 1000;
        options.Polling.MaxRetryAttempts = 0;
        using var source = new PrometheusMetricSource(options);

        var result = await source.PollAsync();

        Assert.That(result.Error, Does.Contain("larger than MaxResponseBytes (1000 bytes"));
    }

    [Test]
    public async Task PollAsync_ServerSlowerThanTheTimeout_PollTimesOut()
    {
        using var release = new SemaphoreSlim(0);
        using var server = new TestHttpServer(async (_, ct) =>
        {
            await release.WaitAsync(ct);
            return (200, "application/json", "{}"u8.ToArray());
        });
        var options = Options(new PrometheusQuery { Metric = "QueueLength", Query = "app_queue_length" });
        options.ServerUri = server.Uri;
        options.Polling.Timeout = TimeSpan.FromMilliseconds(300);
        options.Polling.MaxRetryAttempts = 0;
        using var source = new PrometheusMetricSource(options);

        var result = await source.PollAsync();
        release.Release(10);

        Assert.Multiple(() =>
        {
            Assert.That(result.Health, Is.EqualTo(MetricSourceHealth.Unavailable));
            Assert.That(result.Error, Is.EqualTo("the poll timed out (1 attempt)"));
        });
    }

    private static InstanceInfo Instance(string id, string name, string? address) =>
        new(id, name, "1", "v1", InstanceState.Running, InstanceHealth.Healthy, address, DateTimeOffset.UnixEpoch);

    private static double MemAvailableBytes()
    {
        var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemAvailable:", StringComparison.Ordinal));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    private PrometheusMetricsOptions Options(params PrometheusQuery[] queries)
    {
        var options = new PrometheusMetricsOptions { ServerUri = _prometheus.Uri };
        foreach (var query in queries)
        {
            options.Queries.Add(query);
        }

        return options;
    }

    private sealed class Collect(List<MetricSample> samples) : IObserver<MetricSample>
    {
        public void OnCompleted()
        {
        }

        public void OnError(Exception error) => Assert.Fail(error.ToString());

        public void OnNext(MetricSample value) => samples.Add(value);
    }
}
