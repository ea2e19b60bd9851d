using ScaleSets.Abstractions;
using ScaleSets.Control;

namespace ScaleSets.Simulation.Tests.Control;

/// <summary>The controller's warm pool against the simulated cloud: takes on scale-out, faults, model changes, restarts.</summary>
[TestFixture]
public sealed class WarmPoolControllerTests
{
    [Test]
    public async Task ScaleOut_StartsPreparedInstances_ServingInTheStartTimeNotACreateAndBoot()
    {
        using var h = Harness();
        await PrepareAsync(h, desired: 1, pooled: 2);
        var created = h.Cloud.InstancesCreated;
        var from = h.Time.GetUtcNow();

        h.Controller.SetDesiredCapacity(3, "out");
        var result = await h.SettleAsync(interval: TimeSpan.FromSeconds(5));

        Assert.Multiple(() =>
        {
            Assert.That(result.Converged, Is.True);
            Assert.That(h.Time.GetUtcNow() - from, Is.LessThan(TimeSpan.FromSeconds(40)), "started in 5 s, not created (10 s) and booted (60 s)");
            Assert.That(h.Events.Count(e => e.Kind == ControllerEventKind.WarmPoolInstanceTaken && e.CauseId == "out"), Is.EqualTo(2));
            Assert.That(h.Events.Count(e => e.Kind == ControllerEventKind.InstanceCreated && e.Time >= from), Is.Zero, "no instance of the set was created");
            Assert.That((result.Instances, result.Ready), Is.EqualTo((3, 3)), "pooled instances are counted apart");
            Assert.That(h.Members, Has.Count.EqualTo(3), "pooled instances never join the load balancer");
        });

        // Refilled in the background: two more created for the pool, then prepared.
        await h.RunForAsync(TimeSpan.FromMinutes(3), TimeSpan.FromSeconds(5));
        var pool = h.Controller.GetStatus().WarmPool!;
        Assert.Multiple(() =>
        {
            Assert.That(h.Cloud.InstancesCreated - created, Is.EqualTo(2));
            Assert.That((pool.TargetSize, pool.Prepared, pool.Preparing), Is.EqualTo((2, 2, 0)));
            Assert.That(pool.Instances.All(i => i.State == InstanceState.Stopped), Is.True);
            Assert.That(h.Instances, Has.Count.EqualTo(5));
        });
    }

    [Test]
    public async Task RunningPool_PooledInstancesRunOutsideTheLoadBalancer_ScaleOutRegistersThemWithoutAStart()
    {
        var starts = new CountingStarts();
        using var h = Harness(o => o.WarmPool.PoolState = WarmPoolState.Running, compute: inner => starts.Wrap(inner));
        await PrepareAsync(h, desired: 1, pooled: 2);
        var pooled = h.Controller.GetStatus().WarmPool!.Instances.Select(i => i.Id).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(h.Instances.Where(i => pooled.Contains(i.Id)).Select(i => (i.State, i.Health)), Is.All.EqualTo((InstanceState.Running, InstanceHealth.Healthy)));
            Assert.That(h.Members.Select(m => m.InstanceId), Has.None.AnyOf(pooled.ToArray()));
        });

        var from = h.Time.GetUtcNow();
        h.Controller.SetDesiredCapacity(3, "out");
        var result = await h.SettleAsync(interval: TimeSpan.FromSeconds(5));

        Assert.Multiple(() =>
        {
            Assert.That(result.Converged, Is.True);
            Assert.That(h.Time.GetUtcNow() - from, Is.LessThan(TimeSpan.FromSeconds(30)), "registered within a few passes: no start, no create (10 s) and boot (60 s)");
            Assert.That(h.Members.Select(m => m.InstanceId), Is.SupersetOf(pooled));
            Assert.That(starts.Calls, Is.Zero, "a running pool's instances need no start");
        });
    }

    [Test]
    public async Task StartFails_InstanceReplacedAndTheSetStillReachesItsCapacity()
    {
        var failing = new FailingStarts();
        using var h = Harness(compute: inner => failing.Wrap(inner), minSize: 1);
        await PrepareAsync(h, desired: 1, pooled: 1);
        var pooled = h.Controller.GetStatus().WarmPool!.Instances.Single().Id;
        failing.Fail = true;

        h.Controller.SetDesiredCapacity(2, "out");
        var first = await h.PassAsync();
        failing.Fail = false;
        var result = await h.SettleAsync(interval: TimeSpan.FromSeconds(5));

        Assert.Multiple(() =>
        {
            Assert.That(first.ScaleOutIncomplete, Is.True, "the failed start is reported as an incomplete scale-out");
            Assert.That(h.Events.Any(e => e.Kind == ControllerEventKind.Error && e.InstanceId == pooled && e.Message.Contains("from the warm pool failed", StringComparison.Ordinal)), Is.True);
            Assert.That(h.Events.Any(e => e.Kind == ControllerEventKind.WarmPoolInstanceRemoved && e.InstanceId == pooled && e.Message.Contains("start for scale-out failed", StringComparison.Ordinal)), Is.True);
            Assert.That(h.Instances.Any(i => i.Id == pooled), Is.False, "the instance that would not start is deleted");
            Assert.That((result.Converged, result.Instances), Is.EqualTo((true, 2)));
        });
    }

    [Test]
    public async Task PooledInstanceDies_DroppedAndRefilled()
    {
        using var h = Harness();
        await PrepareAsync(h, desired: 1, pooled: 2);
        var dead = h.Controller.GetStatus().WarmPool!.Instances[0].Id;

        h.Cloud.Lose(dead);
        await h.RunForAsync(TimeSpan.FromMinutes(3), TimeSpan.FromSeconds(5));

        var pool = h.Controller.GetStatus().WarmPool!;
        Assert.Multiple(() =>
        {
            Assert.That(h.Events.Any(e => e.Kind == ControllerEventKind.WarmPoolInstanceRemoved && e.InstanceId == dead && e.Message.Contains("vanished", StringComparison.Ordinal)), Is.True);
            Assert.That((pool.Prepared, pool.Instances.Any(i => i.Id == dead)), Is.EqualTo((2, false)));
            Assert.That(h.Controller.GetStatus().Instances, Has.Count.EqualTo(1), "the set itself is untouched");
        });
    }

    [Test]
    public async Task ModelChange_PooledInstancesReplacedAtTheNewModel_ScaleOutTakesOnlyThose()
    {
        using var h = Harness();
        await PrepareAsync(h, desired: 1, pooled: 2);
        var old = h.Controller.GetStatus().WarmPool!.Instances.Select(i => i.Id).ToList();

        h.Model = h.Model with { Version = "v2", ImageReference = "golden-v2.vhdx" };
        h.Controller.UpdateModel(h.Model, "model");
        await h.RunForAsync(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(5));

        var pool = h.Controller.GetStatus().WarmPool!;
        Assert.Multiple(() =>
        {
            Assert.That(pool.Instances.Select(i => i.ModelVersion), Is.All.EqualTo("v2"));
            Assert.That(pool.Instances.Select(i => i.Id), Has.None.AnyOf(old.ToArray()));
            Assert.That(pool.Prepared, Is.EqualTo(2));
        });

        // Manual upgrade mode: the set's own instance stays at v1 until an upgrade is started; the pool moved at once.
        h.Controller.SetDesiredCapacity(3, "out");
        await h.RunForAsync(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(5));
        var taken = h.Events.Where(e => e.Kind == ControllerEventKind.WarmPoolInstanceTaken && e.CauseId == "out").Select(e => e.InstanceId).ToList();
        var instances = h.Controller.GetStatus().Instances;
        Assert.Multiple(() =>
        {
            Assert.That(taken, Has.Count.EqualTo(2));
            Assert.That(instances.Where(i => taken.Contains(i.Id)).Select(i => i.ModelVersion), Is.All.EqualTo("v2"));
            Assert.That(instances.Select(i => i.ModelVersion).Order(), Is.EqualTo(new[] { "v1", "v2", "v2" }));
        });
    }

    [Test]
    public async Task Restart_PooledInstancesStayPooled_NotAdoptedAsServingNorDeleted()
    {
        using var h = Harness();
        await PrepareAsync(h, desired: 2, pooled: 2);
        var pooled = h.Controller.GetStatus().WarmPool!.Instances.Select(i => i.Id).Order(StringComparer.Ordinal).ToList();
        var existing = h.Instances.Select(i => i.Id).Order(StringComparer.Ordinal).ToList();

        h.Restart();
        h.Controller.SetDesiredCapacity(2, "again");
        var result = await h.SettleAsync(interval: TimeSpan.FromSeconds(5));
        await h.RunForAsync(TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(5));

        var status = h.Controller.GetStatus();
        Assert.Multiple(() =>
        {
            Assert.That((result.Converged, result.Instances, result.WarmPool), Is.EqualTo((true, 2, 2)));
            Assert.That(status.WarmPool!.Instances.Select(i => i.Id).Order(StringComparer.Ordinal), Is.EqualTo(pooled));
            Assert.That(h.Instances.Select(i => i.Id).Order(StringComparer.Ordinal), Is.EqualTo(existing), "nothing deleted, nothing created");
            Assert.That(h.Members.Select(m => m.InstanceId), Has.None.AnyOf(pooled.ToArray()), "pooled instances were not registered");
            Assert.That(h.Instances.Where(i => pooled.Contains(i.Id)).Select(i => i.State), Is.All.EqualTo(InstanceState.Stopped), "nor started");
        });

        // The restarted controller still takes them on scale-out.
        h.Controller.SetDesiredCapacity(4, "out");
        await h.SettleAsync(interval: TimeSpan.FromSeconds(5));
        Assert.That(h.Events.Count(e => e.Kind == ControllerEventKind.WarmPoolInstanceTaken && e.CauseId == "out"), Is.EqualTo(2));
    }

    [Test]
    public async Task ScaleIn_WithReuseOnScaleIn_ReturnsInstancesToThePoolInsteadOfDeleting()
    {
        using var h = Harness(o => o.WarmPool.ReuseOnScaleIn = true, maxPrepared: 4);
        await PrepareAsync(h, desired: 3, pooled: 1);
        var before = h.Instances.Count;

        h.Controller.SetDesiredCapacity(1, "in");
        await h.RunForAsync(TimeSpan.FromMinutes(4), TimeSpan.FromSeconds(5));

        var pool = h.Controller.GetStatus().WarmPool!;
        Assert.Multiple(() =>
        {
            Assert.That(h.Events.Count(e => e.Kind == ControllerEventKind.WarmPoolInstancePrepared && e.CauseId == "in"), Is.EqualTo(2));
            Assert.That(h.Events.Count(e => e.Kind == ControllerEventKind.InstanceDeleted && e.CauseId == "in"), Is.Zero);
            Assert.That((pool.TargetSize, pool.Prepared), Is.EqualTo((3, 3)), "MaxPreparedCapacity 4 less desired 1");
            Assert.That(h.Instances, Has.Count.EqualTo(before), "no instance deleted or created");
            Assert.That(h.Members, Has.Count.EqualTo(1));
        });
    }

    private static ControllerHarness Harness(Action<ScaleSetControllerOptions>? configure = null, int? maxPrepared = null, Func<IComputeProvider, IComputeProvider>? compute = null, int minSize = 2) =>
        new(
            o =>
            {
                o.InstanceWarmup = TimeSpan.Zero;
                o.DrainTimeout = TimeSpan.FromSeconds(10);
                o.Zones.Clear();
                o.Zones.Add("1");
                o.WarmPool.Enabled = true;
                o.WarmPool.MinSize = maxPrepared is null ? minSize : 0;
                o.WarmPool.MaxPreparedCapacity = maxPrepared;
                configure?.Invoke(o);
            },
            c => c.StartTime = TimeSpan.FromSeconds(5),
            compute: compute);

    /// <summary>Brings the set to <paramref name="desired"/> and its pool to <paramref name="pooled"/> prepared instances.</summary>
    private static async Task PrepareAsync(ControllerHarness h, int desired, int pooled)
    {
        h.Controller.SetDesiredCapacity(desired, "start");
        for (var i = 0; i < 100; i++)
        {
            var status = h.Controller.GetStatus();
            if (status.WarmPool?.Prepared == pooled && status.LastPass?.Converged == true)
            {
                break;
            }

            await h.PassAsync();
            h.Time.Advance(TimeSpan.FromSeconds(5));
        }

        Assert.That(h.Controller.GetStatus().WarmPool!.Prepared, Is.EqualTo(pooled), "the pool was prepared");
    }

    private sealed class CountingStarts
    {
        public int Calls { get; set; }

        public IComputeProvider Wrap(IComputeProvider inner) => new Provider(inner, this);

        private sealed class Provider(IComputeProvider inner, CountingStarts owner) : ForwardingCompute(inner)
        {
            public override Task<BatchResult> StartInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken)
            {
                owner.Calls++;
                return base.StartInstancesAsync(scaleSetName, instanceIds, cancellationToken);
            }
        }
    }

    private sealed class FailingStarts
    {
        public bool Fail { get; set; }

        public IComputeProvider Wrap(IComputeProvider inner) => new Provider(inner, this);

        private sealed class Provider(IComputeProvider inner, FailingStarts owner) : ForwardingCompute(inner)
        {
            public override Task<BatchResult> StartInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) =>
                owner.Fail
                    ? Task.FromResult(new BatchResult([.. instanceIds.Select(id => new InstanceOperationResult(id, OperationFailureKind.Permanent, "simulated: the host has no room to start it"))]))
                    : base.StartInstancesAsync(scaleSetName, instanceIds, cancellationToken);
        }
    }
}
