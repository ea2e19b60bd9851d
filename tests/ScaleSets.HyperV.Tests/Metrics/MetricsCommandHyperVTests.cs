using System.Globalization;
using System.Text.RegularExpressions;
using ScaleSets.Abstractions;
using ScaleSets.HyperV.Metrics;
using ScaleSets.HyperV.Tests.PowerShell;
using ScaleSets.Metrics;
using ScaleSets.Replay;
using ScaleSets.Testing;

namespace ScaleSets.HyperV.Tests.Metrics;

/// <summary>
/// <c>scalesets metrics --hyperv</c> running the shipped host metrics script in real PowerShell 7 (<c>dotnet pwsh</c>)
/// against the Hyper-V and Get-Counter stand-ins, and <c>scalesets replay</c> reading the file unchanged.
/// </summary>
[TestFixture]
[Category("HyperV")]
public sealed class MetricsCommandHyperVTests
{
    private const string Setting = """
        { "name": "web", "profiles": [ { "name": "default", "capacity": { "minimum": 1, "maximum": 5, "default": 1 },
          "rules": [ { "name": "hot", "metricTrigger": { "metricName": "Percentage CPU", "source": "Host", "timeWindow": "PT5M",
                         "operator": "GreaterThan", "threshold": 50 },
                       "scaleAction": { "direction": "Increase", "type": "ChangeCount", "value": 1, "cooldown": "PT5M" } } ] } ] }
        """;

    [Test]
    public async Task Metrics_TwoScaleSetsForADuration_EachVmsHostMetricsAndReplayReadsTheFile()
    {
        using var host = new StandInHost(bootSeconds: 0);
        var ids = await CreateAsync(host, ("web", "web_000000"), ("web", "web_000001"), ("api", "api_000000"));
        host.SetLoad("web_000000", cpuPercent: 62.5, memoryDemand: 700_000_000, rxBytesPerSec: 1500, txBytesPerSec: 90_000);
        host.SetLoad("web_000001", cpuPercent: 10, memoryDemand: 300_000_000, rxBytesPerSec: 0, txBytesPerSec: 12);
        host.SetLoad("api_000000", cpuPercent: 99, memoryDemand: 1, rxBytesPerSec: 1, txBytesPerSec: 1);
        var csv = Path.Combine(host.Root, "recorded.csv");

        var (exit, output, error) = Run(host, "--hyperv", "web", "--hyperv", "api", "--interval", "PT2S", "--duration", "PT5S", "--output", csv);

        Assert.That(exit, Is.Zero, error);
        Assert.That(output, Is.Empty, "with --output, nothing on standard output");
        Assert.That(error, Does.Not.Contain("warning"), "every run read its VMs");
        Assert.That(error, Does.Match(@"scalesets: metrics: wrote \d+ samples from 2 source\(s\)"));
        Assert.That(File.ReadLines(csv).First(), Is.EqualTo("timestamp,metric,value,instance,source,resource,namespace,dimensions"));
        var samples = MetricCsvReader.ReadFile(csv);
        var cpu = samples.Where(s => s.Metric == HyperVHostMetricNames.Cpu).GroupBy(s => s.Instance!).ToDictionary(g => g.Key, g => g.Select(s => s.Value).ToList(), StringComparer.Ordinal);
        Assert.Multiple(() =>
        {
            Assert.That(cpu.Keys, Is.EquivalentTo(ids.Values), "both sets' VMs, named by the provider's instance ids");
            Assert.That(cpu[ids["web_000000"]], Is.All.EqualTo(62.5));
            Assert.That(cpu[ids["api_000000"]], Is.All.EqualTo(99.0));
            // A real PowerShell run per poll takes seconds on a loaded machine, so how many polls fit in the duration is not
            // this test's to say (the interval is tested in virtual time in PolledMetricSourceTests); every poll that
            // finished is in the file.
            Assert.That(cpu[ids["web_000000"]], Has.Count.GreaterThanOrEqualTo(1), "the first poll, made at once");
            Assert.That(samples.Where(s => s.Metric == HyperVHostMetricNames.NetworkOut && s.Instance == ids["web_000000"]).Select(s => s.Value), Is.All.EqualTo(90_000.0));
            Assert.That(samples.Select(s => s.Metric).Distinct(), Is.EquivalentTo(new[]
            {
                HyperVHostMetricNames.Cpu, HyperVHostMetricNames.MemoryAssigned, HyperVHostMetricNames.MemoryDemand, HyperVHostMetricNames.NetworkIn, HyperVHostMetricNames.NetworkOut,
            }));
            Assert.That(samples.Select(s => s.Source), Is.All.EqualTo(MetricSourceKind.Host));
        });

        var settingPath = Path.Combine(host.Root, "setting.json");
        await File.WriteAllTextAsync(settingPath, Setting);
        var replay = ScalesetsProcess.Run("replay", "--setting", settingPath, "--metrics", csv, "--explain", "--evaluation-interval", "PT1S");
        Assert.That(replay.ExitCode, Is.Zero, replay.Error);
        Assert.That(replay.Error, Is.Empty, "replay rejects nothing of the recording");
        Assert.That(replay.Output, Does.Contain("Percentage CPU"), "the recorded CPU reaches the rule");
    }

    [Test]
    public async Task Metrics_InterruptedWithoutDuration_EndsCleanlyWithEverySampleWritten()
    {
        using var host = new StandInHost(bootSeconds: 0);
        await CreateAsync(host, ("web", "web_000000"));
        host.SetLoad("web_000000", cpuPercent: 40, memoryDemand: 5, rxBytesPerSec: 1, txBytesPerSec: 1);
        using var recording = ScalesetsProcess.Start(Arguments("--hyperv", "web", "--interval", "PT1S"), host.RunnerOptions.Environment.ToDictionary(e => e.Key, e => e.Value!, StringComparer.Ordinal), PowerShellHost.RepositoryRoot);

        var deadline = TimeProvider.System.GetTimestamp();
        while (Regex.Count(recording.Output, Regex.Escape(HyperVHostMetricNames.Cpu)) < 2)
        {
            Assert.That(TimeProvider.System.GetElapsedTime(deadline), Is.LessThan(TimeSpan.FromSeconds(60)), "two polls recorded within a minute:\n" + recording.Error);
            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System);
        }

        recording.Interrupt();
        var exit = recording.WaitForExit(TimeSpan.FromSeconds(60));

        Assert.That(exit, Is.Zero, recording.Error);
        var written = long.Parse(Regex.Match(recording.Error, @"wrote (\d+) samples").Groups[1].Value, CultureInfo.InvariantCulture);
        using var reader = new StringReader(recording.Output);
        var samples = MetricCsvReader.Read(reader, "stdout");
        Assert.That(samples, Has.Count.EqualTo(written), "every sample counted was written, the last row complete");
        Assert.That(written, Is.GreaterThanOrEqualTo(10), "two polls of five metrics");
    }

    private static (int ExitCode, string Output, string Error) Run(StandInHost host, params string[] args) =>
        ScalesetsProcess.Run(Arguments(args), host.RunnerOptions.Environment.ToDictionary(e => e.Key, e => e.Value!, StringComparer.Ordinal), PowerShellHost.RepositoryRoot);

    /// <summary>The command with the repository's local PowerShell (<c>dotnet pwsh</c>, run from the repository root).</summary>
    // One poll is a real PowerShell start (seconds, more on a loaded machine); the tool's 10 s default would make a slow start
    // a timed-out poll, which these tests are not about (the timeout is tested in virtual time in PolledMetricSourceTests).
    private static string[] Arguments(params string[] args) => ["metrics", "--powershell", "dotnet", "--powershell-arg", "pwsh", "--timeout", "PT1M", .. args];

    private static async Task<Dictionary<string, string>> CreateAsync(StandInHost host, params (string Set, string Name)[] vms)
    {
        var provider = host.Provider(o => o.WaitForReady = false);
        var created = await provider.CreateInstancesAsync([.. vms.Select(v => new InstanceCreateRequest(v.Set, v.Name, v.Set + "/" + v.Name, "1", host.Model()))], CancellationToken.None);
        Assert.That(created.AllSucceeded, Is.True, string.Join("; ", created.Items.Select(i => i.Message)));
        return created.Items.ToDictionary(i => i.Instance!.Name, i => i.Instance!.Id, StringComparer.Ordinal);
    }
}
