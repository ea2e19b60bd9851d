using ScaleSets.Abstractions;
using ScaleSets.Simulation.Cloud;
using ScaleSets.Simulation.Time;

namespace ScaleSets.Simulation.Tests.Cloud;

/// <summary>A stopped instance that booted before (a warm-pool instance) starts in the start time, not in a create and a full boot.</summary>
[TestFixture]
public sealed class SimulatedCloudStartTimeTests
{
    private const string Set = "web";
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly ScaleSetModel Model = new() { Version = "v1", ImageReference = "image" };

    [Test]
    public async Task Start_StoppedAfterItsFirstBoot_HealthyAfterTheStartTime()
    {
        var (time, cloud) = NewCloud();
        var id = await CreateAsync(cloud, "web_000000");
        time.Advance(TimeSpan.FromMinutes(3));
        await cloud.Compute.StopInstancesAsync(Set, [id], CancellationToken.None);
        Assert.That(cloud.CountStoppedInstances(Set), Is.EqualTo(1));
        time.Advance(TimeSpan.FromMinutes(10));

        await cloud.Compute.StartInstancesAsync(Set, [id], CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(19));
        var starting = cloud.GetInstances(Set).Single();
        time.Advance(TimeSpan.FromSeconds(1));
        var started = cloud.GetInstances(Set).Single();

        Assert.Multiple(() =>
        {
            Assert.That((starting.State, starting.Health), Is.EqualTo((InstanceState.Starting, InstanceHealth.Unknown)));
            Assert.That((started.State, started.Health), Is.EqualTo((InstanceState.Running, InstanceHealth.Healthy)), "20 s start, not the 2 minute boot");
            Assert.That(started.Address, Is.Not.Null);
            Assert.That(cloud.CountStoppedInstances(Set), Is.Zero);
        });
    }

    [Test]
    public async Task Start_StoppedBeforeItsFirstBootEnded_BootsInFull()
    {
        var (time, cloud) = NewCloud();
        var id = await CreateAsync(cloud, "web_000000");
        time.Advance(TimeSpan.FromSeconds(30));
        await cloud.Compute.StopInstancesAsync(Set, [id], CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(10));
        Assert.That(cloud.GetInstances(Set).Single().Address, Is.Null, "it never finished booting");

        await cloud.Compute.StartInstancesAsync(Set, [id], CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(30));
        var early = cloud.GetInstances(Set).Single();
        time.Advance(TimeSpan.FromSeconds(90));
        var booted = cloud.GetInstances(Set).Single();

        Assert.That((early.State, booted.State, booted.Health), Is.EqualTo((InstanceState.Starting, InstanceState.Running, InstanceHealth.Healthy)));
    }

    [Test]
    public async Task Restart_OfARunningInstance_TakesTheBootTime()
    {
        var (time, cloud) = NewCloud();
        var id = await CreateAsync(cloud, "web_000000");
        time.Advance(TimeSpan.FromMinutes(3));

        await cloud.Compute.RestartInstancesAsync(Set, [id], CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(30));

        Assert.That(cloud.GetInstances(Set).Single().State, Is.EqualTo(InstanceState.Starting), "a restart reboots in full");
    }

    [Test]
    public void Options_NegativeStartTime_Refused()
    {
        var options = new SimulatedCloudOptions { StartTime = TimeSpan.FromSeconds(-1) };

        Assert.That(() => options.ThrowIfInvalid(), Throws.ArgumentException.With.Message.Contains("StartTime: must not be negative."));
    }

    private static (VirtualTimeProvider Time, SimulatedCloud Cloud) NewCloud()
    {
        var time = new VirtualTimeProvider(Start);
        var options = new SimulatedCloudOptions
        {
            CreateLatency = TimeSpan.Zero,
            OperationLatency = TimeSpan.Zero,
            BootTime = TimeSpan.FromMinutes(2),
            BootTimeSpread = TimeSpan.Zero,
            StartTime = TimeSpan.FromSeconds(20),
            StartTimeSpread = TimeSpan.Zero,
        };
        return (time, new SimulatedCloud(options, time));
    }

    private static async Task<string> CreateAsync(SimulatedCloud cloud, string name)
    {
        var result = await cloud.Compute.CreateInstancesAsync([new InstanceCreateRequest(Set, name, Set + "/" + name, "1", Model)], CancellationToken.None);
        return result.Items.Single().Instance!.Id;
    }
}
