using ScaleSets.Abstractions;
using ScaleSets.Control;

namespace ScaleSets.HyperV.Tests.PowerShell;

/// <summary>The controller's warm pool through the Hyper-V adapter, in real PowerShell against the stand-in Hyper-V module.</summary>
[TestFixture]
public sealed class HyperVWarmPoolTests
{
    [Test]
    public async Task Controller_WarmPool_PooledVmsAreTurnedOffAndStartedOnScaleOutInsteadOfCreated()
    {
        using var host = new StandInHost(bootSeconds: 0);
        var runner = new CountingRunner(host.Runner);
        var provider = host.Provider(runner: runner);
        var balancer = new InMemoryLoadBalancer();
        var options = new ScaleSetControllerOptions { ScaleSetName = "web", DrainTimeout = TimeSpan.Zero, MaxRetryAttempts = 0, InstanceWarmup = TimeSpan.Zero, MaxBatchSize = 5 };
        options.WarmPool.Enabled = true;
        options.WarmPool.MinSize = 2;
        using var controller = new ScaleSetController(options, host.Model(), provider, balancer, TimeProvider.System);

        controller.SetDesiredCapacity(1, "start");
        for (var pass = 0; pass < 12 && !(controller.GetStatus() is { WarmPool.Prepared: 2, LastPass.Converged: true }); pass++)
        {
            await controller.ReconcileOnceAsync(CancellationToken.None);
        }

        var pool = controller.GetStatus().WarmPool!;
        var pooled = pool.Instances.Select(i => i.Name).Order(StringComparer.Ordinal).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(pool.Prepared, Is.EqualTo(2), "two VMs booted, then turned off");
            Assert.That(host.StateVms().Where(v => pooled.Contains((string)v!["name"]!)).Select(v => (string)v!["state"]!), Is.All.EqualTo("Off"));
            Assert.That(balancer.Members("web"), Has.Count.EqualTo(1), "pooled VMs are not load balancer members");
        });

        var creates = runner.Count("New-ScaleSetVM.ps1");
        controller.SetDesiredCapacity(3, "out");
        var result = await controller.ReconcileOnceAsync(CancellationToken.None);
        for (var pass = 0; pass < 12 && !result.Converged; pass++)
        {
            result = await controller.ReconcileOnceAsync(CancellationToken.None);
        }

        var serving = balancer.Members("web").Where(m => m.State == LoadBalancerMemberState.Ready).Select(m => m.InstanceName).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(result.Converged, Is.True, "scale-out to 3 converged");
            Assert.That(serving, Is.SupersetOf(pooled), "the two pooled VMs serve");
            Assert.That(host.StateVms().Where(v => pooled.Contains((string)v!["name"]!)).Select(v => (string)v!["state"]!), Is.All.EqualTo("Running"));
            Assert.That(runner.Count("Set-ScaleSetVMPower.ps1"), Is.GreaterThanOrEqualTo(2), "stopped, then started through the power script");
        });

        // The pool refills with new VMs: the only creates after the scale-out are the pool's.
        for (var pass = 0; pass < 12 && !(controller.GetStatus() is { WarmPool.Prepared: 2 }); pass++)
        {
            await controller.ReconcileOnceAsync(CancellationToken.None);
        }

        Assert.Multiple(() =>
        {
            Assert.That(controller.GetStatus().WarmPool!.Prepared, Is.EqualTo(2));
            Assert.That(host.StateVms(), Has.Count.EqualTo(5));
            Assert.That(runner.Count("New-ScaleSetVM.ps1") - creates, Is.EqualTo(1), "one batched create of the two refills, none for the set");
        });
    }
}
