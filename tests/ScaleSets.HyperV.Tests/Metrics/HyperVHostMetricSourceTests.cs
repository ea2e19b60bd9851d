using Microsoft.Extensions.Time.Testing;
using ScaleSets.Abstractions;
using ScaleSets.HyperV.Metrics;
using ScaleSets.HyperV.Runner;
using ScaleSets.HyperV.Tests.PowerShell;
using ScaleSets.Metrics;
using ScaleSets.Sources;

namespace ScaleSets.HyperV.Tests.Metrics;

/// <summary>The host metric source running its script in real PowerShell 7 against the Hyper-V and Get-Counter stand-ins.</summary>
[TestFixture]
[Category("HyperV")]
public sealed class HyperVHostMetricSourceTests
{
    private static InstanceCreateRequest Request(StandInHost host, string scaleSet, string name) =>
        new(scaleSet, name, scaleSet + "/" + name, "1", host.Model());

    [Test]
    public async Task PollAsync_RunningVmsOfTheSet_CpuMemoryAndNetworkPerVmInOneRun()
    {
        using var host = new StandInHost(bootSeconds: 0);
        var provider = host.Provider(o => o.WaitForReady = false);
        var created = await provider.CreateInstancesAsync([Request(host, "web", "web_000000"), Request(host, "web", "web_000001"), Request(host, "web", "web_000002"), Request(host, "api", "api_000000")], CancellationToken.None);
        Assert.That(created.AllSucceeded, Is.True, string.Join("; ", created.Items.Select(i => i.Message)));
        var ids = created.Items.ToDictionary(i => i.Instance!.Name, i => i.Instance!.Id, StringComparer.Ordinal);
        Assert.That((await provider.StopInstancesAsync("web", [ids["web_000002"]], CancellationToken.None)).AllSucceeded, Is.True);
        host.SetLoad("web_000000", cpuPercent: 62.5, memoryDemand: 700_000_000, rxBytesPerSec: 1500, txBytesPerSec: 90_000, processorCount: 2);
        host.SetLoad("web_000001", cpuPercent: 10, memoryDemand: 300_000_000, rxBytesPerSec: 0, txBytesPerSec: 12);
        host.SetLoad("api_000000", cpuPercent: 99, memoryDemand: 1, rxBytesPerSec: 1, txBytesPerSec: 1);
        var runner = new CountingRunner(host.Runner);
        using var source = new HyperVHostMetricSource(new HyperVHostMetricsOptions { ScaleSetName = "web", ScriptDirectory = Path.Combine(host.Root, "scripts") }, runner, new FakeTimeProvider());
        var samples = new List<MetricSample>();
        // On a clock that stands still the source's own timer never fires, so the one poll is the one asked for here,
        // however long real PowerShell takes.
        using var subscription = source.Subscribe(samples.Add);

        var status = await source.PollAsync();

        var byVm = samples.GroupBy(s => s.Instance!).ToDictionary(g => g.Key, g => g.ToDictionary(s => s.Metric, s => s.Value, StringComparer.Ordinal), StringComparer.Ordinal);
        Assert.Multiple(() =>
        {
            Assert.That(status.Health, Is.EqualTo(MetricSourceHealth.Healthy), status.Error);
            Assert.That(status.Problems, Is.Empty);
            Assert.That(runner.Count("Get-ScaleSetVMMetrics.ps1"), Is.EqualTo(1), "one run for the whole set");
            Assert.That(byVm.Keys, Is.EquivalentTo(new[] { ids["web_000000"], ids["web_000001"] }), "the set's running VMs only: not the stopped one, not api's");
            Assert.That(byVm[ids["web_000000"]], Is.EquivalentTo(new Dictionary<string, double>
            {
                [HyperVHostMetricNames.Cpu] = 62.5, // the mean of its two virtual processors' 52.5 and 72.5
                [HyperVHostMetricNames.MemoryAssigned] = 1024L * 1024 * 1024,
                [HyperVHostMetricNames.MemoryDemand] = 700_000_000,
                [HyperVHostMetricNames.NetworkIn] = 1500,
                [HyperVHostMetricNames.NetworkOut] = 90_000,
            }));
            Assert.That(byVm[ids["web_000001"]][HyperVHostMetricNames.Cpu], Is.EqualTo(10));
            Assert.That(samples, Has.All.Matches<MetricSample>(s => s.Source == MetricSourceKind.Host));
            Assert.That(source.Name, Is.EqualTo("hyper-v web"));
        });
    }

    [Test]
    public async Task PollAsync_CountersUnavailable_CpuFromGetVmAndTheProblemReported()
    {
        using var host = new StandInHost(bootSeconds: 0);
        var provider = host.Provider(o => o.WaitForReady = false);
        var created = await provider.CreateInstancesAsync([Request(host, "web", "web_000000")], CancellationToken.None);
        Assert.That(created.AllSucceeded, Is.True, string.Join("; ", created.Items.Select(i => i.Message)));
        host.SetLoad("web_000000", cpuPercent: 33.4, memoryDemand: 5, rxBytesPerSec: 1, txBytesPerSec: 1);
        host.RunnerOptions.Environment["HYPERV_STANDIN_COUNTERS_FAIL"] = "1";
        using var source = new HyperVHostMetricSource(new HyperVHostMetricsOptions { ScaleSetName = "web", ScriptDirectory = Path.Combine(host.Root, "scripts") }, host.Runner);
        var samples = new List<MetricSample>();
        using var subscription = source.Subscribe(samples.Add);

        var status = await source.PollAsync();

        Assert.Multiple(() =>
        {
            Assert.That(status.Health, Is.EqualTo(MetricSourceHealth.Healthy));
            Assert.That(samples.Single(s => s.Metric == HyperVHostMetricNames.Cpu).Value, Is.EqualTo(33), "Get-VM's CPUUsage, in whole percents");
            Assert.That(samples.Select(s => s.Metric), Has.None.EqualTo(HyperVHostMetricNames.NetworkIn));
            Assert.That(status.Problems, Has.One.Contains("performance counters could not be read").And.Contains("The specified object was not found on the computer"));
        });
    }

    [Test]
    public async Task PollAsync_HyperVModuleMissing_UnavailableSayingSo()
    {
        using var host = new StandInHost();
        var options = PowerShellHost.RequireOptions();
        options.Environment["PSModulePath"] = Path.Combine(host.Root, "no-modules");
        var metrics = new HyperVHostMetricsOptions { ScaleSetName = "web", ScriptDirectory = Path.Combine(host.Root, "scripts") };
        metrics.Polling.MaxRetryAttempts = 0;
        using var source = new HyperVHostMetricSource(metrics, new PowerShellProcessRunner(options));

        var status = await source.PollAsync();

        Assert.Multiple(() =>
        {
            Assert.That(status.Health, Is.EqualTo(MetricSourceHealth.Unavailable));
            Assert.That(status.Error, Does.Contain("Get-ScaleSetVMMetrics.ps1 failed").And.Contains("The Hyper-V PowerShell module is not available"));
        });
    }

    [Test]
    public void Constructor_NoScaleSet_Refused() =>
        Assert.That(() => new HyperVHostMetricSource(new HyperVHostMetricsOptions(), new PowerShellProcessRunner(new PowerShellProcessRunnerOptions())), Throws.ArgumentException.With.Message.Contains("HyperVHostMetricsOptions:ScaleSetName is required"));
}
