using ScaleSets.HAProxy.Metrics;
using ScaleSets.Metrics;
using ScaleSets.Sources;

namespace ScaleSets.HAProxy.Tests.Integration;

/// <summary>The HAProxy metric source against a real HAProxy with real HTTP traffic, including a restart between two polls.</summary>
[TestFixture]
[Category("HAProxy")]
public sealed class HAProxyMetricsIntegrationTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Test]
    public async Task PollAsync_RequestsThroughTwoServers_RatesPerInstanceAndForTheBackend()
    {
        var options = HAProxyProcess.TestOptions();
        await using var h = await HAProxyProcess.StartAsync(options, ["web"]);
        using var lb = h.NewLoadBalancer(options);
        await using var b1 = new TestHttpBackend("b1");
        await using var b2 = new TestHttpBackend("b2");
        await ReadyAsync(h, lb, ("vm-1", b1), ("vm-2", b2));
        using var source = HAProxyMetrics.CreateSource(MetricsOptions(h));
        var samples = new Collected();
        using var subscription = source.Subscribe(samples);

        var first = await source.PollAsync();
        var firstAt = samples.All[0].Timestamp;
        var before = (b1.Requests, b2.Requests);
        Assert.That((await Http.GetManyAsync(h.FrontendUri("web"), 40)).Select(r => r.Status), Is.All.EqualTo(200));
        samples.Clear();
        var second = await source.PollAsync();

        Assert.That(first.Health, Is.EqualTo(MetricSourceHealth.Healthy), first.Error);
        Assert.That(second.Problems, Is.Empty);
        // The rates are over the time between the polls' reads, which the samples carry.
        var elapsed = (samples.All[0].Timestamp - firstAt).TotalSeconds;
        var perServer = samples.Of(HAProxyMetricNames.ServerRequestsPerSecond);
        Assert.That(perServer.Keys, Is.EquivalentTo(new[] { "vm-1", "vm-2" }), "server rows map to the instance ids the adapter named them after");
        Assert.That(perServer["vm-1"] * elapsed, Is.EqualTo(b1.Requests - before.Item1).Within(1.5), "vm-1's rate × interval is the requests it served");
        Assert.That(perServer["vm-2"] * elapsed, Is.EqualTo(b2.Requests - before.Item2).Within(1.5));
        Assert.That(samples.SetLevel(HAProxyMetricNames.RequestsPerSecond) * elapsed, Is.EqualTo(40).Within(1.5));
        Assert.That(samples.SetLevel(HAProxyMetricNames.SessionsPerSecond), Is.GreaterThan(0));
        Assert.That(samples.SetLevel(HAProxyMetricNames.ServerErrorsPerSecond), Is.Zero);
        Assert.That(samples.SetLevel(HAProxyMetricNames.CurrentSessions), Is.Zero);
        Assert.That(samples.SetLevel(HAProxyMetricNames.QueuedRequests), Is.Zero);
        Assert.That(samples.Of(HAProxyMetricNames.ServerResponseTime).Values, Is.All.GreaterThanOrEqualTo(0));
    }

    [TestCase(60, 10, TestName = "PollAsync_RestartBetweenPolls_FewerRequestsAfter_RateIsWhatTheNewProcessCounted")]
    [TestCase(5, 30, TestName = "PollAsync_RestartBetweenPolls_MoreRequestsAfter_RateIsWhatTheNewProcessCounted")]
    public async Task PollAsync_RestartBetweenPolls(int requestsBefore, int requestsAfter)
    {
        var options = HAProxyProcess.TestOptions();
        await using var h = await HAProxyProcess.StartAsync(options, ["web"]);
        using var lb = h.NewLoadBalancer(options);
        await using var b1 = new TestHttpBackend("b1");
        await ReadyAsync(h, lb, ("vm-1", b1));
        using var source = HAProxyMetrics.CreateSource(MetricsOptions(h));
        var samples = new Collected();
        using var subscription = source.Subscribe(samples);
        await Http.GetManyAsync(h.FrontendUri("web"), requestsBefore);
        var first = await source.PollAsync();
        var firstAt = samples.All[0].Timestamp;

        await h.RestartAsync();
        // The adapter re-adds its servers to the new process; the requests after it are all the new process counts.
        await Eventually.UntilAsync(async () => (await lb.ListMembersAsync("web", CancellationToken.None)).Count == 1, Wait, "server re-applied");
        var sentAfter = 0;
        b1.ResetCount();
        await Eventually.UntilAsync(async () => (await CountedGetAsync()).Body == "b1", Wait, "serves after restart");
        while (b1.Requests < requestsAfter)
        {
            await CountedGetAsync();
        }

        samples.Clear();
        var second = await source.PollAsync();

        Assert.That(first.Health, Is.EqualTo(MetricSourceHealth.Healthy), first.Error);
        Assert.That(second.Health, Is.EqualTo(MetricSourceHealth.Healthy), second.Error);
        var elapsed = (samples.All[0].Timestamp - firstAt).TotalSeconds;
        var rate = samples.SetLevel(HAProxyMetricNames.RequestsPerSecond);
        Assert.That(rate, Is.GreaterThanOrEqualTo(0), "never negative");
        Assert.That(rate * elapsed, Is.EqualTo(sentAfter).Within(1.5), "the increase is what the new process counted, neither the old total nor the difference");
        Assert.That(samples.Of(HAProxyMetricNames.ServerRequestsPerSecond)["vm-1"] * elapsed, Is.EqualTo(requestsAfter).Within(1.5));

        async Task<(int Status, string Body)> CountedGetAsync()
        {
            sentAfter++;
            return await Http.GetAsync(h.FrontendUri("web"));
        }
        Assert.That(samples.All.Where(s => s.Metric.EndsWith("per second", StringComparison.Ordinal)).Select(s => s.Value), Is.All.GreaterThanOrEqualTo(0));
    }

    [Test]
    public async Task PollAsync_HAProxyStopped_UnavailableNamingTheSocketThenRecovers()
    {
        var options = HAProxyProcess.TestOptions();
        await using var h = await HAProxyProcess.StartAsync(options, ["web"]);
        var metrics = MetricsOptions(h);
        metrics.Polling.MaxRetryAttempts = 0;
        using var source = HAProxyMetrics.CreateSource(metrics);
        using var subscription = source.Subscribe(new Collected());
        Assert.That((await source.PollAsync()).Health, Is.EqualTo(MetricSourceHealth.Healthy));

        await h.StopAsync();
        var down = await source.PollAsync();
        await h.StartAgainAsync();
        var up = await source.PollAsync();

        Assert.That(down.Health, Is.EqualTo(MetricSourceHealth.Unavailable));
        Assert.That(down.Error, Does.Contain(h.SocketPath));
        Assert.That(up.Health, Is.EqualTo(MetricSourceHealth.Healthy), up.Error);
    }

    [Test]
    public async Task PollAsync_BackendMissing_UnavailableSayingTheBackendMustExist()
    {
        var options = HAProxyProcess.TestOptions();
        await using var h = await HAProxyProcess.StartAsync(options, ["web"]);
        var metrics = MetricsOptions(h);
        metrics.BackendName = "nosuch";
        metrics.Polling.MaxRetryAttempts = 0;
        using var source = HAProxyMetrics.CreateSource(metrics);

        var status = await source.PollAsync();

        Assert.That(status.Health, Is.EqualTo(MetricSourceHealth.Unavailable));
        Assert.That(status.Error, Does.Contain("no backend 'nosuch'"));
    }

    internal static HAProxyMetricsOptions MetricsOptions(HAProxyProcess h)
    {
        var metrics = new HAProxyMetricsOptions { SocketAddress = h.SocketPath, BackendName = "web" };
        metrics.Polling.Interval = TimeSpan.FromHours(1);
        metrics.Polling.Timeout = TimeSpan.FromSeconds(5);
        metrics.Polling.RetryDelay = TimeSpan.FromMilliseconds(100);
        return metrics;
    }

    private static async Task ReadyAsync(HAProxyProcess h, HAProxyLoadBalancer lb, params (string Id, TestHttpBackend Backend)[] servers)
    {
        foreach (var (id, backend) in servers)
        {
            await lb.RegisterAsync("web", id, id, backend.Address, CancellationToken.None);
            await lb.SetReadyAsync("web", id, CancellationToken.None);
        }

        await Eventually.UntilAsync(
            async () => (await h.SendAsync("show stat web 4 -1")).Split('\n').Count(l => l.Contains(",UP,", StringComparison.Ordinal)) == servers.Length,
            Wait,
            "every server up");
    }

    /// <summary>Collects the samples a source delivers (one at a time, as an observer is called).</summary>
    private sealed class Collected : IObserver<MetricSample>
    {
        private readonly List<MetricSample> _samples = [];

        public IReadOnlyList<MetricSample> All
        {
            get
            {
                lock (_samples)
                {
                    return [.. _samples];
                }
            }
        }

        public void Clear()
        {
            lock (_samples)
            {
                _samples.Clear();
            }
        }

        public Dictionary<string, double> Of(string metric) =>
            All.Where(s => s.Metric == metric && s.Instance is not null).ToDictionary(s => s.Instance!, s => s.Value);

        public double SetLevel(string metric) => All.Single(s => s.Metric == metric && s.Instance is null).Value;

        public void OnNext(MetricSample value)
        {
            lock (_samples)
            {
                _samples.Add(value);
            }
        }

        public void OnError(Exception error) => Assert.Fail(error.ToString());

        public void OnCompleted()
        {
        }
    }
}
