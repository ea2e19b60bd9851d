using ScaleSets.Simulation.Cloud;
using ScaleSets.Simulation.Runs;

namespace ScaleSets.Simulation.Tests.Simulator;

[TestFixture]
public sealed class InstancePoolTests
{
    private static readonly long Minute = TimeSpan.FromMinutes(1).Ticks;

    private static SimulatedCloudOptions Options(double bootFailureRate = 0) => new()
    {
        CreateLatency = TimeSpan.FromSeconds(30),
        BootTime = TimeSpan.FromMinutes(5),
        BootTimeSpread = TimeSpan.FromMinutes(1),
        BootFailureRate = bootFailureRate,
    };

    [Test]
    public void SetDesired_ScaleOut_ReadyAfterCreateLatencyPlusBootWithinTheSpread()
    {
        var pool = new InstancePool(Options(), "p", ready: 2);
        pool.SetDesired(5, 0);
        pool.Advance((5 * Minute) + (Minute / 2) - 1);
        Assert.Multiple(() =>
        {
            Assert.That(pool.Ready, Is.EqualTo(2), "nothing is ready before create latency plus the shortest boot");
            Assert.That(pool.Booting, Is.EqualTo(3));
            Assert.That(pool.Total, Is.EqualTo(5), "booting instances are paid for");
        });
        pool.Advance((6 * Minute) + (Minute / 2));
        Assert.That(pool.Ready, Is.EqualTo(5), "everything is ready after the longest boot");
    }

    [Test]
    public void SetDesired_ScaleIn_RemovesBootingInstancesFirst()
    {
        var pool = new InstancePool(Options(), "p", ready: 4);
        pool.SetDesired(7, 0);
        pool.SetDesired(5, Minute);
        Assert.Multiple(() =>
        {
            Assert.That(pool.Ready, Is.EqualTo(4));
            Assert.That(pool.Booting, Is.EqualTo(1));
        });
        pool.SetDesired(2, Minute);
        Assert.Multiple(() =>
        {
            Assert.That(pool.Ready, Is.EqualTo(2));
            Assert.That(pool.Booting, Is.EqualTo(0));
        });
    }

    [Test]
    public void Advance_BootsFail_FailedInstancesAreReplacedAndTheCountConverges()
    {
        var pool = new InstancePool(Options(bootFailureRate: 0.5), "p", ready: 0);
        pool.SetDesired(20, 0);
        for (var minute = 1; minute <= 200; minute++)
        {
            pool.Advance(minute * Minute);
        }

        Assert.Multiple(() =>
        {
            Assert.That(pool.Ready, Is.EqualTo(20));
            Assert.That(pool.FailedBoots, Is.GreaterThan(0));
        });
    }

    [Test]
    public void Advance_SameSeedAndKey_SameBootTimes()
    {
        int[] ReadyByMinute(string key)
        {
            var pool = new InstancePool(Options(), key, 0);
            pool.SetDesired(30, 0);
            return [.. Enumerable.Range(0, 8).Select(m => { pool.Advance(m * Minute); return pool.Ready; })];
        }

        Assert.That(ReadyByMinute("a"), Is.EqualTo(ReadyByMinute("a")));
    }
}
