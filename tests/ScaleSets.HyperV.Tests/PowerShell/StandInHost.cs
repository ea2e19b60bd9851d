using System.Text.Json.Nodes;
using ScaleSets.Abstractions;
using ScaleSets.HyperV.Runner;

namespace ScaleSets.HyperV.Tests.PowerShell;

/// <summary>A fresh Hyper-V stand-in: a temporary folder with its state file, a golden image, a disk folder, and runner options that put the stand-in module on PSModulePath.</summary>
internal sealed class StandInHost : IDisposable
{
    public StandInHost(double bootSeconds = 0.5)
    {
        Root = Path.Combine(Path.GetTempPath(), "scalesets-hyperv-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(Root, "disks"));
        GoldenImage = Path.Combine(Root, "golden.vhdx");
        File.WriteAllText(GoldenImage, "golden image v1");
        RunnerOptions = PowerShellHost.RequireOptions();
        var moduleRoot = Path.Combine(TestContext.CurrentContext.TestDirectory, "StandIn");
        RunnerOptions.Environment["PSModulePath"] = moduleRoot;
        RunnerOptions.Environment["HYPERV_STANDIN_STATE"] = Path.Combine(Root, "state.json");
        RunnerOptions.Environment["HYPERV_STANDIN_SWITCHES"] = "Default Switch,ScaleSets";
        RunnerOptions.Environment["HYPERV_STANDIN_BOOT_SECONDS"] = bootSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Runner = new PowerShellProcessRunner(RunnerOptions);
    }

    public string Root { get; }

    public string GoldenImage { get; }

    public string DiskDirectory => Path.Combine(Root, "disks");

    public PowerShellProcessRunnerOptions RunnerOptions { get; }

    public PowerShellProcessRunner Runner { get; }

    public ScaleSetModel Model(string version = "v1") => new() { Version = version, ImageReference = GoldenImage, Size = "1cpu-1gb" };

    public HyperVProviderOptions ProviderOptions(Action<HyperVProviderOptions>? configure = null)
    {
        var options = new HyperVProviderOptions
        {
            DiskDirectory = DiskDirectory,
            SwitchName = "ScaleSets",
            PollInterval = TimeSpan.FromMilliseconds(200),
            BootTimeout = TimeSpan.FromSeconds(60),
            ScriptTimeout = TimeSpan.FromSeconds(90),
            ScriptDirectory = Path.Combine(Root, "scripts"),
        };
        configure?.Invoke(options);
        return options;
    }

    public HyperVComputeProvider Provider(Action<HyperVProviderOptions>? configure = null, IPowerShellRunner? runner = null) =>
        new(ProviderOptions(configure), runner ?? Runner, TimeProvider.System);

    /// <summary>The stand-in's VMs straight from its state file.</summary>
    public JsonArray StateVms()
    {
        var path = Path.Combine(Root, "state.json");
        return File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path))!["vms"]!.AsArray() : [];
    }

    /// <summary>Sets a VM's load in the stand-in's state (what Get-VM and Get-Counter report); call while no script runs.</summary>
    public void SetLoad(string vmName, double cpuPercent, long memoryDemand, double rxBytesPerSec, double txBytesPerSec, int? processorCount = null)
    {
        var path = Path.Combine(Root, "state.json");
        var state = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var vm = state["vms"]!.AsArray().Single(v => (string)v!["name"]! == vmName)!.AsObject();
        vm["cpuPercent"] = cpuPercent;
        vm["memoryDemand"] = memoryDemand;
        vm["rxBytesPerSec"] = rxBytesPerSec;
        vm["txBytesPerSec"] = txBytesPerSec;
        if (processorCount is { } count)
        {
            vm["processorCount"] = count;
        }

        File.WriteAllText(path, state.ToJsonString());
    }

    public string[] Disks() => [.. Directory.GetFiles(DiskDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A killed child may still hold a file for a moment; the temp folder is cleaned later.
        }
    }
}
