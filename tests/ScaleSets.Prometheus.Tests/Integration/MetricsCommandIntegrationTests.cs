using System.Globalization;
using System.Text.RegularExpressions;
using ScaleSets.Metrics;
using ScaleSets.Replay;
using ScaleSets.Testing;

namespace ScaleSets.Prometheus.Tests.Integration;

/// <summary>
/// <c>scalesets metrics --prometheus</c> recording a real Prometheus (scraping a real node_exporter and the test's
/// application exporters), and <c>scalesets replay</c> reading the file unchanged.
/// </summary>
[TestFixture]
public sealed class MetricsCommandIntegrationTests
{
    private const string CpuQuery = "Percentage CPU=100 * (1 - avg by (instance) (rate(node_cpu_seconds_total{job=\"node\",mode=\"idle\"}[5s])))";

    private const string Setting = """
        { "name": "web", "profiles": [ { "name": "default", "capacity": { "minimum": 1, "maximum": 5, "default": 1 },
          "rules": [ { "name": "queue", "metricTrigger": { "metricName": "QueueLength", "source": "Application", "timeWindow": "PT5M",
                         "operator": "GreaterThan", "threshold": 5 },
                       "scaleAction": { "direction": "Increase", "type": "ChangeCount", "value": 1, "cooldown": "PT5M" } } ] } ] }
        """;

    private readonly Dictionary<string, ApplicationExporter> _apps = new(StringComparer.Ordinal);
    private PrometheusServer _prometheus = null!;
    private string _directory = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _apps["web-0"] = new ApplicationExporter { QueueLength = 7 };
        _apps["web-1"] = new ApplicationExporter { QueueLength = 4 };
        _prometheus = await PrometheusServer.StartAsync(_apps.ToDictionary(a => a.Key, a => a.Value.Target, StringComparer.Ordinal));
        _directory = Directory.CreateTempSubdirectory("scalesets-metrics-prometheus-").FullName;
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _prometheus?.Dispose();
        foreach (var app in _apps.Values)
        {
            app.Dispose();
        }

        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Test]
    public void Metrics_RealPrometheusForADuration_ReplayReadsTheFileUnchanged()
    {
        var csv = Path.Combine(_directory, "recorded.csv");

        var (exit, output, error) = ScalesetsProcess.Run(
            "metrics", "--prometheus", _prometheus.Uri.ToString(), "--instance-label", "pod", "--query-source", "Application",
            "--query", "QueueLength=app_queue_length{job=\"app\"}",
            "--query", "Requests per second=sum(rate(app_requests_total{job=\"app\"}[5s]))",
            "--interval", "PT1S", "--duration", "PT4S", "--output", csv);

        Assert.That(exit, Is.Zero, error);
        Assert.That(output, Is.Empty, "with --output, nothing on standard output");
        Assert.That(error, Does.Not.Contain("\r"), "no progress line when standard error is redirected");
        Assert.That(error, Does.Not.Contain("warning"), "every query answered");
        Assert.That(error, Does.Match(@"scalesets: metrics: wrote \d+ samples from 1 source\(s\)"));
        Assert.That(File.ReadLines(csv).First(), Is.EqualTo("timestamp,metric,value,instance,source,resource,namespace,dimensions"));
        var samples = MetricCsvReader.ReadFile(csv);
        var queue = samples.Where(s => s.Metric == "QueueLength").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(queue.Select(s => s.Instance).Distinct(), Is.EquivalentTo(new[] { "web-0", "web-1" }), "the pod label names the instance");
            Assert.That(queue.Where(s => s.Instance == "web-0").Select(s => s.Value), Is.All.EqualTo(7.0));
            Assert.That(queue.Where(s => s.Instance == "web-1").Select(s => s.Value), Is.All.EqualTo(4.0));
            Assert.That(queue.Count(s => s.Instance == "web-0"), Is.GreaterThanOrEqualTo(3), "a poll a second for four seconds");
            var rate = samples.Where(s => s.Metric == "Requests per second").ToList();
            Assert.That(rate.Select(s => s.Instance), Is.All.Null, "an aggregate is a set-level sample");
            Assert.That(rate.Select(s => s.Value), Has.Some.GreaterThan(0), "the exporters' counters grow at every scrape");
            Assert.That(samples.Select(s => s.Source), Is.All.EqualTo(MetricSourceKind.Application), "--query-source is written and read back");
        });

        var settingPath = Path.Combine(_directory, "setting.json");
        File.WriteAllText(settingPath, Setting);
        var replay = ScalesetsProcess.Run("replay", "--setting", settingPath, "--metrics", csv, "--explain", "--evaluation-interval", "PT1S");
        Assert.That(replay.ExitCode, Is.Zero, replay.Error);
        Assert.That(replay.Error, Is.Empty, "replay rejects nothing of the recording");
        Assert.That(replay.Output, Does.Contain("QueueLength"), "the recorded queue length reaches the rule");
    }

    [Test]
    public void Metrics_NodeExporterCpuOnItsInstanceLabel_OneSamplePerPollOfTheExporter()
    {
        var (exit, output, error) = ScalesetsProcess.Run("metrics", "--prometheus", _prometheus.Uri.ToString(), "--query", CpuQuery, "--interval", "PT1S", "--duration", "PT3S");

        Assert.That(exit, Is.Zero, error);
        using var reader = new StringReader(output);
        var samples = MetricCsvReader.Read(reader, "stdout");
        Assert.That(samples, Is.Not.Empty, error);
        Assert.Multiple(() =>
        {
            Assert.That(samples.Select(s => s.Instance), Is.All.EqualTo(_prometheus.NodeTarget), "the default instance label, as it is");
            Assert.That(samples.Select(s => s.Source), Is.All.EqualTo(MetricSourceKind.Guest), "node_exporter measures inside the instance");
            Assert.That(samples.Select(s => s.Value), Is.All.InRange(0.0, 100.0));
        });
    }

    [Test]
    public async Task Metrics_InterruptedWithoutDuration_EndsCleanlyWithEverySampleWritten()
    {
        using var recording = ScalesetsProcess.Start("metrics", "--prometheus", _prometheus.Uri.ToString(), "--instance-label", "pod", "--query", "QueueLength=app_queue_length", "--interval", "PT1S");

        await Eventually.UntilAsync(() => Task.FromResult(Regex.Count(recording.Output, "QueueLength")), n => n >= 4, TimeSpan.FromSeconds(30), "two polls recorded");
        recording.Interrupt();
        var exit = recording.WaitForExit(TimeSpan.FromSeconds(30));

        Assert.That(exit, Is.Zero, recording.Error);
        var written = long.Parse(Regex.Match(recording.Error, @"wrote (\d+) samples").Groups[1].Value, CultureInfo.InvariantCulture);
        using var reader = new StringReader(recording.Output);
        var samples = MetricCsvReader.Read(reader, "stdout");
        Assert.That(samples, Has.Count.EqualTo(written), "every sample counted was written, the last row complete");
        Assert.That(written, Is.GreaterThanOrEqualTo(4));
    }

    [Test]
    public void Metrics_QueryWithoutName_FailsNamingTheOptionBeforeAnyPoll()
    {
        var (exit, output, error) = ScalesetsProcess.Run("metrics", "--prometheus", _prometheus.Uri.ToString(), "--query", "app_queue_length");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Is.Empty);
        Assert.That(error, Does.StartWith("scalesets: --query: 'app_queue_length' is not NAME=PROMQL"));
    }
}
