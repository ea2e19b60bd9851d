using System.Globalization;
using System.Text;
using System.Text.Json;
using ScaleSets.Testing.Processes;

namespace ScaleSets.Prometheus.Tests.Integration;

/// <summary>
/// A real Prometheus (Debian's <c>prometheus</c>) as a child process on 127.0.0.1 and a free port, with a temporary data
/// directory, scraping a real <c>prometheus-node-exporter</c> (job <c>node</c>) and the test's application exporters (job
/// <c>app</c>, one target per <c>pod</c> label) every second. Both processes are killed by their process ids on dispose.
/// </summary>
internal sealed class PrometheusServer : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly string _directory;
    private ChildProcess? _prometheus;
    private ChildProcess? _nodeExporter;

    private PrometheusServer(string directory) => _directory = directory;

    public Uri Uri { get; private set; } = null!;

    public string NodeTarget { get; private set; } = null!;

    public string Output => $"prometheus:\n{_prometheus?.Output}\nnode exporter:\n{_nodeExporter?.Output}";

    /// <summary>Starts node_exporter and Prometheus, and waits until every target has been scraped at least twice.</summary>
    public static async Task<PrometheusServer> StartAsync(IReadOnlyDictionary<string, string> appTargetsByPod)
    {
        var prometheus = ChildProcess.Require("prometheus", "prometheus");
        var nodeExporter = ChildProcess.Require("prometheus-node-exporter", "prometheus-node-exporter");
        var server = new PrometheusServer(Directory.CreateTempSubdirectory("scalesets-prometheus-").FullName);
        try
        {
            var nodePort = ChildProcess.FreePort();
            server.NodeTarget = string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{nodePort}");
            server._nodeExporter = ChildProcess.Start(
                nodeExporter,
                [
                    $"--web.listen-address={server.NodeTarget}",
                    "--collector.disable-defaults",
                    "--collector.cpu",
                    "--collector.meminfo",
                    "--collector.netdev",
                ]);

            var port = ChildProcess.FreePort();
            server.Uri = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/"));
            var config = new StringBuilder();
            config.Append("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\n");
            config.Append("scrape_configs:\n");
            config.Append(CultureInfo.InvariantCulture, $"  - job_name: node\n    static_configs:\n      - targets: ['{server.NodeTarget}']\n");
            config.Append("  - job_name: app\n    static_configs:\n");
            foreach (var (pod, target) in appTargetsByPod)
            {
                config.Append(CultureInfo.InvariantCulture, $"      - targets: ['{target}']\n        labels:\n          pod: {pod}\n");
            }

            var configPath = Path.Combine(server._directory, "prometheus.yml");
            await File.WriteAllTextAsync(configPath, config.ToString());
            server._prometheus = ChildProcess.Start(
                prometheus,
                [
                    $"--config.file={configPath}",
                    $"--storage.tsdb.path={Path.Combine(server._directory, "data")}",
                    $"--web.listen-address=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
                    "--log.level=warn",
                ]);

            var targets = 1 + appTargetsByPod.Count;
            await server.WaitAsync(
                $"count(count_over_time(up[10s]) >= 2 and up == 1)",
                value => value >= targets,
                $"all {targets} targets up and scraped twice");
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>Evaluates a query whose answer is one number (NaN when it has no series).</summary>
    public async Task<double> ValueAsync(string query)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await client.GetAsync(new Uri(Uri, "api/v1/query?query=" + Uri.EscapeDataString(query)));
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var result = document.RootElement.GetProperty("data").GetProperty("result");
            var value = result.ValueKind == JsonValueKind.Array
                ? (result.GetArrayLength() == 0 ? null : result[0].GetProperty("value")[1].GetString())
                : result[1].GetString();
            return value is null ? double.NaN : double.Parse(value, CultureInfo.InvariantCulture);
        }
        catch (HttpRequestException)
        {
            return double.NaN;
        }
        catch (TaskCanceledException)
        {
            return double.NaN;
        }
    }

    public async Task WaitAsync(string query, Func<double, bool> done, string what)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            if (_prometheus is { HasExited: true })
            {
                Assert.Fail($"Prometheus exited while waiting for {what}:\n{Output}");
            }

            if (done(await ValueAsync(query)))
            {
                return;
            }

            if (TimeProvider.System.GetElapsedTime(started) > StartTimeout)
            {
                Assert.Fail($"{what}: not reached within {StartTimeout.TotalSeconds} s ({query}):\n{Output}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System);
        }
    }

    public void Dispose()
    {
        _prometheus?.Dispose();
        _nodeExporter?.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
