using Microsoft.Extensions.Time.Testing;
using ScaleSets.Control;
using ScaleSets.Orleans.Hosting;
using ScaleSets.Policy;
using ScaleSets.Simulation.Cloud;

namespace ScaleSets.Orleans.Tests.Grains;

/// <summary>
/// The world outside the cluster, shared by every silo of a test (they run in the test's process): the simulated cloud on
/// one virtual clock, and the database's connection string. TestingHost builds silos from configurator types, so this is static.
/// </summary>
internal static class TestCloud
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    public static FakeTimeProvider Time { get; private set; } = new(Start);

    public static SimulatedCloud Cloud { get; private set; } = null!;

    public static CountingCompute Compute { get; private set; } = null!;

    public static string ConnectionString { get; set; } = string.Empty;

    /// <summary>Gets the signal of the silos' row writes (with <see cref="VirtualTimeSiloConfigurator"/>).</summary>
    public static RowWriteSignal RowWrites { get; private set; } = new();

    /// <summary>Gets or sets the rolling upgrade mode of the sets' backends (automatic unless a test says otherwise).</summary>
    public static UpgradeMode UpgradeMode { get; set; } = UpgradeMode.Automatic;

    /// <summary>Gets or sets the observer of the sets' decisions their backends carry (none unless a test sets one).</summary>
    public static Action<ScaleDecision>? OnDecision { get; set; }

    public static void Reset()
    {
        UpgradeMode = UpgradeMode.Automatic;
        OnDecision = null;
        RowWrites = new RowWriteSignal();
        Time = new FakeTimeProvider(Start);
        Cloud = new SimulatedCloud(
            new SimulatedCloudOptions { CreateLatency = TimeSpan.Zero, OperationLatency = TimeSpan.Zero, BootTime = TimeSpan.FromSeconds(30), BootTimeSpread = TimeSpan.Zero },
            Time);
        Compute = new CountingCompute(Cloud.Compute);
    }

    public static IScaleSetBackendFactory Backends { get; } = new Factory();

    private sealed class Factory : IScaleSetBackendFactory
    {
        public ScaleSetBackend Create(string scaleSetName)
        {
            var options = new ScaleSetControllerOptions { ScaleSetName = scaleSetName, LoadBalancerPool = scaleSetName, InstanceWarmup = TimeSpan.Zero };
            options.Zones.Clear();
            options.Zones.Add("1");
            options.Zones.Add("2");
            options.Zones.Add("3");

            // A model change upgrades at once (unless the test asks for manual mode), and a failed instance is repaired ten minutes (Azure's shortest grace period) after it turned unhealthy.
            options.RollingUpgrade.Mode = UpgradeMode;
            options.AutomaticRepairs.GracePeriod = TimeSpan.FromMinutes(10);
            return new(Compute, Cloud.LoadBalancer, options) { OnDecision = OnDecision };
        }
    }
}
