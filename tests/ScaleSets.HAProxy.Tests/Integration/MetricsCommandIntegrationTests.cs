using System.Globalization;
using ScaleSets.HAProxy.Metrics;
using ScaleSets.Metrics;
using ScaleSets.Replay;
using ScaleSets.Testing;

namespace ScaleSets.HAProxy.Tests.Integration;

/// <summary><c>scalesets metrics</c> recording a real HAProxy, and <c>scalesets replay</c> reading the file unchanged.</summary>
[TestFixture]
[Category("HAProxy")]
public sealed class MetricsCommandIntegrationTests
{
    private const string Setting = """
        { "name": "web", "profiles": [ { "name": "default", "capacity": { "minimum": 1, "maximum": 5, "default": 1 },
          "rules": [ { "name": "busy", "metricTrigger": { "metricName": "Requests per second", "source": "Application", "timeWindow": "PT5M",
                         "operator": "GreaterThan", "threshold": 1000, "dividePerInstance": true },
                       "scaleAction": { "direction": "Increase", "type": "ChangeCount", "value": 1, "cooldown": "PT5M" } } ] } ] }
        """;

    [Test]
    public async Task Metrics_RealHAProxyForADuration_ReplayReadsTheFileUnchanged()
    {
        await using var rig = await Rig.StartAsync();
        var csv = Path.Combine(rig.H.Directory, "recorded.csv");

        using var traffic = new CancellationTokenSource();
        var load = rig.TrafficAsync(traffic.Token);
        var (exit, output, error) = ScalesetsProcess.Run("metrics", "--haproxy", rig.H.SocketPath, "--backend", "web", "--interval", "PT1S", "--duration", "PT4S", "--output", csv);
        await traffic.CancelAsync();
        await load;

        Assert.That(exit, Is.Zero, error);
        Assert.That(output, Is.Empty, "with --output, nothing on standard output");
        Assert.That(error, Does.Not.Contain("\r"), "no progress line when standard error is redirected");
        Assert.That(error, Does.Match(@"scalesets: metrics: wrote \d+ samples from 1 source\(s\)"));
        var lines = await File.ReadAllLinesAsync(csv);
        Assert.That(lines[0], Is.EqualTo("timestamp,metric,value,instance,source,resource,namespace,dimensions"));
        var samples = MetricCsvReader.ReadFile(csv);
        Assert.That(samples.Where(s => s.Metric == HAProxyMetricNames.RequestsPerSecond && s.Instance is null).Select(s => s.Value), Has.Some.GreaterThan(0), "the backend's request rate while traffic ran");
        Assert.That(samples.Where(s => s.Metric == HAProxyMetricNames.ServerRequestsPerSecond).Select(s => s.Instance).Distinct(), Is.EquivalentTo(new[] { "vm-1", "vm-2" }));
        Assert.That(samples.Select(s => s.Source), Is.All.EqualTo(MetricSourceKind.Application), "the source column is read back, not defaulted");
        Assert.That(samples.Where(s => s.Metric.EndsWith("per second", StringComparison.Ordinal)).Select(s => s.Value), Is.All.GreaterThanOrEqualTo(0));

        var settingPath = Path.Combine(rig.H.Directory, "setting.json");
        await File.WriteAllTextAsync(settingPath, Setting);
        var replay = ScalesetsProcess.Run("replay", "--setting", settingPath, "--metrics", csv, "--explain", "--evaluation-interval", "PT1S");
        Assert.That(replay.ExitCode, Is.Zero, replay.Error);
        Assert.That(replay.Error, Is.Empty, "replay rejects nothing of the recording");
        Assert.That(replay.Output, Does.Contain("Requests per second"), "the recorded request rate reaches the rule");
    }

    [Test]
    public async Task Metrics_InterruptedWithoutDuration_EndsCleanlyWithEverySampleWritten()
    {
        await using var rig = await Rig.StartAsync();
        using var traffic = new CancellationTokenSource();
        var load = rig.TrafficAsync(traffic.Token);
        using var recording = ScalesetsProcess.Start("metrics", "--haproxy", rig.H.SocketPath, "--backend", "web", "--interval", "PT1S");

        await Eventually.UntilAsync(() => recording.Output.Contains(HAProxyMetricNames.ServerRequestsPerSecond, StringComparison.Ordinal), TimeSpan.FromSeconds(30), "rates recorded");
        recording.Interrupt();
        var exit = recording.WaitForExit(TimeSpan.FromSeconds(30));
        await traffic.CancelAsync();
        await load;

        Assert.That(exit, Is.Zero, recording.Error);
        var written = long.Parse(System.Text.RegularExpressions.Regex.Match(recording.Error, @"wrote (\d+) samples").Groups[1].Value, CultureInfo.InvariantCulture);
        using var reader = new StringReader(recording.Output);
        var samples = MetricCsvReader.Read(reader, "stdout");
        Assert.That(samples, Has.Count.EqualTo(written), "every sample counted was written, the last row complete");
        Assert.That(written, Is.GreaterThan(0));
    }

    /// <summary>A real HAProxy with two ready servers named by the adapter after vm-1 and vm-2.</summary>
    private sealed class Rig : IAsyncDisposable
    {
        private Rig(HAProxyProcess h, HAProxyLoadBalancer lb, TestHttpBackend b1, TestHttpBackend b2)
        {
            H = h;
            Lb = lb;
            B1 = b1;
            B2 = b2;
        }

        public HAProxyProcess H { get; }

        public HAProxyLoadBalancer Lb { get; }

        public TestHttpBackend B1 { get; }

        public TestHttpBackend B2 { get; }

        public static async Task<Rig> StartAsync()
        {
            var options = HAProxyProcess.TestOptions();
            var h = await HAProxyProcess.StartAsync(options, ["web"]);
            var rig = new Rig(h, h.NewLoadBalancer(options), new TestHttpBackend("b1"), new TestHttpBackend("b2"));
            foreach (var (id, b) in new[] { ("vm-1", rig.B1), ("vm-2", rig.B2) })
            {
                await rig.Lb.RegisterAsync("web", id, id, b.Address, CancellationToken.None);
                await rig.Lb.SetReadyAsync("web", id, CancellationToken.None);
            }

            await Eventually.UntilAsync(
                async () => (await h.SendAsync("show stat web 4 -1")).Split('\n').Count(l => l.Contains(",UP,", StringComparison.Ordinal)) == 2,
                TimeSpan.FromSeconds(10),
                "both servers up");
            return rig;
        }

        /// <summary>Requests one after another until cancelled (at most 20,000).</summary>
        public async Task TrafficAsync(CancellationToken stop)
        {
            for (var i = 0; i < 20_000 && !stop.IsCancellationRequested; i++)
            {
                await Http.GetAsync(H.FrontendUri("web"));
            }
        }

        public async ValueTask DisposeAsync()
        {
            Lb.Dispose();
            await B1.DisposeAsync();
            await B2.DisposeAsync();
            await H.DisposeAsync();
        }
    }
}
