using System.Globalization;
using ScaleSets.Abstractions;
using ScaleSets.Control;
using ScaleSets.Simulation.Cloud;
using ScaleSets.Simulation.Time;

namespace ScaleSets.Simulation.Soak;

/// <summary>
/// Drives a <see cref="ScaleSetController"/> against a <see cref="SimulatedCloud"/> in virtual time with random capacity changes,
/// model updates, crashes, lost instances, zone outages, load balancer restarts and controller restarts, and checks the
/// controller's invariants after every step. Deterministic for a seed.
/// </summary>
public sealed class SoakRunner
{
    private const string ScaleSetName = "soak";
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly SoakOptions _options;
    private readonly Dictionary<string, Invariant> _invariants = new(StringComparer.Ordinal);
    private int _batchLimit;

    /// <summary>Initializes a new instance of the <see cref="SoakRunner"/> class.</summary>
    /// <param name="options">The run's options.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public SoakRunner(SoakOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid soak options:" + Environment.NewLine + string.Join(Environment.NewLine, errors), nameof(options));
        }

        _options = options;
        Add("capacity-in-range", "instances in service never exceed the desired capacity plus one surge/rebalance batch each; the total stays within 1000 plus that allowance; whenever the controller reports the set converged, at least the desired count of healthy instances take traffic");
        Add("zone-skew", "zone counts differ by at most one after every pass that reports the set converged, unless a create failed as zone-unavailable within the zone retry interval before the pass (the controller then cannot place in that zone)");
        Add("pool-membership", "every pool member is an existing instance, every ready member is healthy and at its instance's current address, every healthy registered instance in service is ready (instances whose load balancer call failed this pass excepted)");
        Add("no-orphan", "every instance the provider holds for the set is known to the controller");
        Add("no-lost-record", "every instance the controller knows exists at the provider");
        Add("no-duplicate", "no two instances share a name (no duplicate creates)");
        Add("upgrade-batch", "instances out of service for a rolling upgrade never exceed one batch (maxBatchInstancePercent of the set)");
        Add("upgrade-unhealthy", "an upgrade batch starts only while unhealthy instances are within maxUnhealthyInstancePercent");
        Add("converges", "once faults stop, the set converges: desired count, all healthy, ready, current model, zones balanced");
        if (options.WarmPoolSize > 0)
        {
            Add("warm-pool-apart", "a warm-pool instance exists at the provider, is never a load balancer member and never one of the set's instances, and the pool holds at most its size plus the instances being deleted from it");
            Add("warm-pool-refilled", "once faults stop, the pool holds its size in prepared (stopped, booted once) instances of the current model");
        }
    }

    /// <summary>Gets or sets what is told every event of every controller the run creates, after the run's own bookkeeping (tests record the event stream).</summary>
    internal Action<ControllerEvent>? EventTap { get; set; }

    /// <summary>Gets or sets what is told the result of every reconcile pass the run makes.</summary>
    internal Action<ReconcileResult>? PassTap { get; set; }

    /// <summary>Runs the soak.</summary>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The report; <see cref="SoakReport.Passed"/> only with zero violations.</returns>
    public async Task<SoakReport> RunAsync(CancellationToken cancellationToken)
    {
        var o = _options;
        var time = new VirtualTimeProvider(Start);
        var f = o.FaultRate;
        var cloud = new SimulatedCloud(
            new SimulatedCloudOptions
            {
                Seed = o.Seed,
                CreateLatency = TimeSpan.FromSeconds(20),
                OperationLatency = TimeSpan.FromSeconds(2),
                BootTime = TimeSpan.FromSeconds(60),
                BootTimeSpread = TimeSpan.FromSeconds(60),
                TransientFailureRate = f * 0.6,
                PermanentFailureRate = f * 0.2,
                FailedCreateLeavesInstanceRate = 0.5,
                ListFailureRate = f * 0.25,
                BootFailureRate = f * 0.05,
            },
            time);
        var zones = Enumerable.Range(1, o.Zones).Select(z => z.ToString(CultureInfo.InvariantCulture)).ToArray();
        var rng = new Random(o.Seed);
        var controllerOptions = new ScaleSetControllerOptions
        {
            ScaleSetName = ScaleSetName,
            MaxConcurrentOperations = 50,
            MaxBatchSize = o.BatchSize,
            DrainTimeout = TimeSpan.FromSeconds(60),
            RetryBaseDelay = TimeSpan.FromSeconds(1),
            ZoneRetryInterval = TimeSpan.FromMinutes(2),
        };
        controllerOptions.Zones.Clear();
        foreach (var z in zones)
        {
            controllerOptions.Zones.Add(z);
        }

        controllerOptions.AutomaticRepairs.GracePeriod = TimeSpan.FromMinutes(10);
        controllerOptions.RollingUpgrade.Mode = UpgradeMode.Automatic;
        controllerOptions.RollingUpgrade.MaxSurge = o.Seed % 2 == 0;
        controllerOptions.ScaleIn.Rule = (ScaleInRule)(Math.Abs(o.Seed) % 4);
        if (o.WarmPoolSize > 0)
        {
            controllerOptions.WarmPool.Enabled = true;
            controllerOptions.WarmPool.MinSize = o.WarmPoolSize;
            controllerOptions.WarmPool.ReuseOnScaleIn = o.Seed % 2 == 0;
        }

        var maxBatch = controllerOptions.RollingUpgrade.MaxBatchInstancePercent;
        var maxUnhealthy = controllerOptions.RollingUpgrade.MaxUnhealthyInstancePercent;

        var model = new ScaleSetModel { Version = "v1", ImageReference = "image-v1" };
        var desired = Math.Max(1, o.Instances / 2 + rng.Next(o.Instances / 2 + 1));
        var eventCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        var failedThisPass = new HashSet<string>(StringComparer.Ordinal);
        var listFailedThisPass = false;
        var batchStartedThisPass = false;
        var lastZoneFailure = DateTimeOffset.MinValue;
        var restarts = 0;
        var faults = 0;

        ScaleSetController NewController()
        {
            var c = new ScaleSetController(controllerOptions, model, cloud.Compute, cloud.LoadBalancer, time, stateStore: cloud.StateStore);
            c.Events.Subscribe(new EventObserver(e =>
            {
                var key = e.Kind.ToString();
                eventCounts[key] = eventCounts.GetValueOrDefault(key) + 1;
                switch (e.Kind)
                {
                    case ControllerEventKind.Error or ControllerEventKind.InstanceCreateFailed or ControllerEventKind.RepairFailed:
                        if (e.InstanceId is null)
                        {
                            listFailedThisPass |= e.Message.StartsWith("listing", StringComparison.Ordinal);
                        }
                        else if (e.Kind == ControllerEventKind.Error && e.Message.StartsWith("load balancer call failed", StringComparison.Ordinal))
                        {
                            // Only a failed load balancer call can leave this instance's membership behind its health.
                            failedThisPass.Add(e.InstanceId);
                        }

                        if (e.Message.Contains("zone unavailable", StringComparison.Ordinal))
                        {
                            lastZoneFailure = e.Time;
                        }

                        break;
                    case ControllerEventKind.UpgradeBatchStarted:
                        batchStartedThisPass = true;
                        break;
                }

                EventTap?.Invoke(e);
            }));
            c.SetDesiredCapacity(desired, "soak-initial");
            return c;
        }

        var controller = NewController();
        var restartStep = rng.Next(o.Steps);
        string? outageZone = null;
        var outageEndsAt = 0;
        var version = 1;

        for (var step = 0; step < o.Steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var r = rng.NextDouble();
            if (r < 0.12)
            {
                desired = rng.NextDouble() < 0.3 ? rng.Next(o.Instances + 1) : Math.Clamp(desired + rng.Next(-o.Instances / 10 - 1, o.Instances / 10 + 2), 0, o.Instances);
                controller.SetDesiredCapacity(desired, "soak-step-" + step.ToString(CultureInfo.InvariantCulture));
            }
            else if (r < 0.14)
            {
                version++;
                var v = "v" + version.ToString(CultureInfo.InvariantCulture);
                model = new ScaleSetModel { Version = v, ImageReference = "image-" + v };
                controller.UpdateModel(model, "soak-model-" + v);
            }

            var truth = cloud.GetInstances(ScaleSetName);
            if (truth.Count > 0 && rng.NextDouble() < f * 0.3)
            {
                var crashes = 1 + rng.Next(Math.Max(1, truth.Count / 50));
                for (var i = 0; i < crashes; i++)
                {
                    faults += cloud.Crash(truth[rng.Next(truth.Count)].Id) ? 1 : 0;
                }
            }

            if (truth.Count > 0 && rng.NextDouble() < f * 0.1)
            {
                faults += cloud.Lose(truth[rng.Next(truth.Count)].Id) ? 1 : 0;
            }

            if (zones.Length > 1)
            {
                if (outageZone is null && rng.NextDouble() < f * 0.03)
                {
                    outageZone = zones[rng.Next(zones.Length)];
                    outageEndsAt = step + 10 + rng.Next(30);
                    cloud.SetZoneOutage(outageZone, true);
                    faults++;
                }
                else if (outageZone is not null && step >= outageEndsAt)
                {
                    cloud.SetZoneOutage(outageZone, false);
                    outageZone = null;
                }
            }

            if (rng.NextDouble() < f * 0.01)
            {
                cloud.RestartLoadBalancer();
                faults++;
            }

            if (truth.Count > 0 && rng.NextDouble() < f * 0.05)
            {
                // A reboot that got a new DHCP lease.
                var moved = truth[rng.Next(truth.Count)].Id;
                faults += cloud.ChangeAddress(moved, "192.168." + step.ToString(CultureInfo.InvariantCulture) + "." + rng.Next(256).ToString(CultureInfo.InvariantCulture)) ? 1 : 0;
            }

            if (truth.Count > 0 && rng.NextDouble() < f * 0.05)
            {
                // An operator stops an instance out of band; the call itself may fail like any other.
                var stop = cloud.Compute.StopInstancesAsync(ScaleSetName, [truth[rng.Next(truth.Count)].Id], cancellationToken);
                await time.RunUntilCompletedAsync(stop, TimeSpan.FromHours(1)).ConfigureAwait(false);
                faults += (await stop.ConfigureAwait(false)).Items.Count(i => i.Succeeded);
            }

            if (step == restartStep || rng.NextDouble() < f * 0.01)
            {
                controller.Dispose();
                controller = NewController();
                restarts++;
            }

            if (controller.RepairsSuspended && rng.NextDouble() < 0.1)
            {
                controller.ResumeRepairs();
            }

            failedThisPass.Clear();
            listFailedThisPass = false;
            batchStartedThisPass = false;
            var passStart = time.GetUtcNow();
            var result = await PassAsync(time, controller, cancellationToken).ConfigureAwait(false);
            var context = "step " + step.ToString(CultureInfo.InvariantCulture);
            Check(cloud, controller, result, desired, maxBatch, maxUnhealthy, zones, context, failedThisPass, listFailedThisPass, batchStartedThisPass,
                zoneSkewApplies: result.Converged && passStart >= lastZoneFailure + controllerOptions.ZoneRetryInterval);
            time.Advance(o.StepInterval);
        }

        // Settle: faults stop, the set must converge.
        if (outageZone is not null)
        {
            cloud.SetZoneOutage(outageZone, false);
        }

        cloud.Options.TransientFailureRate = 0;
        cloud.Options.PermanentFailureRate = 0;
        cloud.Options.ListFailureRate = 0;
        cloud.Options.BootFailureRate = 0;
        controller.ResumeRepairs();
        if (!controller.IsUpgrading)
        {
            // An upgrade stopped by unhealthy upgraded instances waits for an operator; the faults are over, so retry it.
            controller.StartRollingUpgrade("soak-settle");
        }

        ReconcileResult last = await PassAsync(time, controller, cancellationToken).ConfigureAwait(false);
        for (var pass = 0; pass < 600 && !(last.Converged && Skew(cloud, controller, zones) <= 1 && PoolRefilled(controller, model.Version, o.WarmPoolSize)); pass++)
        {
            time.Advance(o.StepInterval);
            if (controller.RepairsSuspended)
            {
                controller.ResumeRepairs();
            }

            if (!controller.IsUpgrading && controller.GetInstances().Any(s => !string.Equals(s.Instance.ModelVersion, model.Version, StringComparison.Ordinal)))
            {
                controller.StartRollingUpgrade("soak-settle");
            }

            last = await PassAsync(time, controller, cancellationToken).ConfigureAwait(false);
        }

        var pooled = PooledIds(controller);
        var finalCount = cloud.GetInstances(ScaleSetName).Count(i => !pooled.Contains(i.Id));
        var ready = cloud.GetMembers(ScaleSetName).Count(m => m.State == LoadBalancerMemberState.Ready);
        Record("converges", last.Converged && finalCount == desired && ready == desired && Skew(cloud, controller, zones) <= 1,
            FormattableString.Invariant($"after settling: converged={last.Converged}, instances={finalCount}, ready={ready}, desired={desired}, zone skew={Skew(cloud, controller, zones)}"));
        if (o.WarmPoolSize > 0)
        {
            var pool = controller.GetStatus().WarmPool!;
            Record("warm-pool-refilled", PoolRefilled(controller, model.Version, o.WarmPoolSize),
                FormattableString.Invariant($"after settling: pool of {pool.Instances.Count} ({pool.Prepared} prepared, {pool.Preparing} preparing, {pool.Removing} being deleted, models {string.Join(",", pool.Instances.Select(i => i.ModelVersion).Distinct())}), size {pool.TargetSize}, model {model.Version}"));
        }
        controller.Dispose();

        return new SoakReport(
            o,
            [.. _invariants.Values.Select(i => new InvariantResult(i.Name, i.Description, i.Checks, i.Violations, i.FirstViolation))],
            time.GetUtcNow() - Start,
            cloud.InstancesCreated,
            restarts,
            faults,
            eventCounts);
    }

    private async Task<ReconcileResult> PassAsync(VirtualTimeProvider time, ScaleSetController controller, CancellationToken ct)
    {
        var task = controller.ReconcileOnceAsync(ct);
        if (!await time.RunUntilCompletedAsync(task, TimeSpan.FromDays(1)).ConfigureAwait(false))
        {
            throw new InvalidOperationException("A reconcile pass did not finish within a virtual day.");
        }

        var result = await task.ConfigureAwait(false);
        PassTap?.Invoke(result);
        return result;
    }

    private static HashSet<string> PooledIds(ScaleSetController controller) =>
        controller.GetStatus().WarmPool is { } pool ? [.. pool.Instances.Select(i => i.Id)] : [];

    private static bool PoolRefilled(ScaleSetController controller, string modelVersion, int size) =>
        size == 0 || controller.GetStatus().WarmPool is { } pool && pool.Prepared == size && pool.Instances.Count == size
            && pool.Instances.All(i => i.State == InstanceState.Stopped && string.Equals(i.ModelVersion, modelVersion, StringComparison.Ordinal));

    /// <summary>The zone skew of the set's own instances (a warm pool spreads its instances on its own).</summary>
    private static int Skew(SimulatedCloud cloud, ScaleSetController controller, string[] zones)
    {
        var pooled = PooledIds(controller);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var i in cloud.GetInstances(ScaleSetName))
        {
            if (!pooled.Contains(i.Id))
            {
                counts[i.Zone] = counts.GetValueOrDefault(i.Zone) + 1;
            }
        }

        return zones.Max(z => counts.GetValueOrDefault(z)) - zones.Min(z => counts.GetValueOrDefault(z));
    }

    private static int Batch(int size, int percent) => Math.Max(1, (int)Math.Ceiling(size * percent / 100.0));

    private void Check(
        SimulatedCloud cloud,
        ScaleSetController controller,
        ReconcileResult result,
        int desired,
        int maxBatch,
        int maxUnhealthy,
        string[] zones,
        string context,
        HashSet<string> failed,
        bool listFailed,
        bool batchStarted,
        bool zoneSkewApplies)
    {
        var all = cloud.GetInstances(ScaleSetName);
        var allById = all.ToDictionary(i => i.Id, StringComparer.Ordinal);
        var members = cloud.GetMembers(ScaleSetName);
        var known = controller.GetInstances();
        var pool = controller.GetStatus().WarmPool;
        var pooled = pool is null ? [] : pool.Instances.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);

        // The set's own instances; the warm pool's are checked apart.
        var truth = pooled.Count == 0 ? all : [.. all.Where(i => !pooled.Contains(i.Id))];
        var truthById = pooled.Count == 0 ? allById : truth.ToDictionary(i => i.Id, StringComparer.Ordinal);
        if (pool is not null)
        {
            var memberIds = members.Select(m => m.InstanceId).ToHashSet(StringComparer.Ordinal);
            var knownIds = known.Select(s => s.Instance.Id).ToHashSet(StringComparer.Ordinal);
            var member = pooled.FirstOrDefault(memberIds.Contains);
            var both = pooled.FirstOrDefault(knownIds.Contains);
            var missing = listFailed ? null : pooled.FirstOrDefault(id => !allById.ContainsKey(id));
            var over = pool.Instances.Count - pool.Removing > Math.Max(pool.TargetSize, _options.WarmPoolSize);
            Record("warm-pool-apart", member is null && both is null && missing is null && !over,
                FormattableString.Invariant($"{context}: pooled {member ?? "-"} is a load balancer member, pooled {both ?? "-"} is also in the set, pooled {missing ?? "-"} does not exist, pool of {pool.Instances.Count} ({pool.Removing} being deleted) for size {pool.TargetSize}"));
        }

        var knownById = known.ToDictionary(s => s.Instance.Id, StringComparer.Ordinal);
        var inService = known.Count(s => s.Removal == InstanceRemovalReason.None);
        var upgrading = known.Count(s => s.Removal == InstanceRemovalReason.Upgrade);

        var allowance = 2 * Batch(Math.Max(desired, inService), maxBatch) + 1;
        Record("capacity-in-range", inService <= desired + allowance && truth.Count <= 1000 + allowance,
            FormattableString.Invariant($"{context}: {inService} in service, {truth.Count} in total, desired {desired}, allowance {allowance}"));

        if (result.Converged && !listFailed)
        {
            var serving = members.Count(m => m.State == LoadBalancerMemberState.Ready && truthById.TryGetValue(m.InstanceId, out var i) && i.Health == InstanceHealth.Healthy);
            Record("capacity-in-range", serving >= desired,
                FormattableString.Invariant($"{context}: converged with {serving} healthy ready instances, desired {desired}"));
        }

        if (zoneSkewApplies)
        {
            var skew = Skew(cloud, controller, zones);
            Record("zone-skew", skew <= 1, FormattableString.Invariant($"{context}: converged with zone skew {skew} ({string.Join(",", truth.GroupBy(i => i.Zone).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key + "=" + g.Count()))}, desired {desired}, created {result.Created}, failures {result.Failures})"));
        }

        if (!listFailed)
        {
            var ghost = members.FirstOrDefault(m => !truthById.ContainsKey(m.InstanceId) && !failed.Contains(m.InstanceId));
            var readyUnhealthy = members.FirstOrDefault(m => m.State == LoadBalancerMemberState.Ready && !failed.Contains(m.InstanceId)
                && truthById.TryGetValue(m.InstanceId, out var i) && (i.Health != InstanceHealth.Healthy || !string.Equals(i.Address, m.Address, StringComparison.Ordinal)));
            var notReady = members.FirstOrDefault(m => m.State != LoadBalancerMemberState.Ready && !failed.Contains(m.InstanceId)
                && knownById.TryGetValue(m.InstanceId, out var s) && s.Removal == InstanceRemovalReason.None && s.Healthy
                && truthById.TryGetValue(m.InstanceId, out var i) && i.Health == InstanceHealth.Healthy);
            Record("pool-membership", ghost is null && readyUnhealthy is null && notReady is null,
                $"{context}: ghost member {ghost?.InstanceId ?? "-"}, ready but unhealthy or at a stale address {readyUnhealthy?.InstanceId ?? "-"}, healthy in service but {notReady?.State.ToString() ?? "-"} {notReady?.InstanceId ?? "-"}");

            var orphan = truth.FirstOrDefault(i => !knownById.ContainsKey(i.Id));
            Record("no-orphan", orphan is null, $"{context}: instance {orphan?.Id} ({orphan?.Name}) is unknown to the controller");
            var lost = known.FirstOrDefault(s => !truthById.ContainsKey(s.Instance.Id));
            Record("no-lost-record", lost is null, $"{context}: the controller knows {lost?.Instance.Id}, which does not exist");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var duplicate = truth.FirstOrDefault(i => !names.Add(i.Name));
        Record("no-duplicate", duplicate is null, $"{context}: two instances named {duplicate?.Name}");

        // A batch is sized when it starts; a later scale-in does not shrink the batch already under way.
        // The controller sized the batch before this pass deleted anything, so count the deleted ones back in.
        var size = Math.Max(known.Count + result.Deleted, desired);
        var limit = Math.Max(_batchLimit, Batch(size, maxBatch));
        Record("upgrade-batch", upgrading <= limit,
            FormattableString.Invariant($"{context}: {upgrading} instances out for upgrade, batch {limit}"));
        _batchLimit = upgrading == 0 ? 0 : limit;
        if (batchStarted)
        {
            var broken = known.Count(s => s.Removal is InstanceRemovalReason.None or InstanceRemovalReason.Upgrade && !s.Healthy
                && (s.Instance.Health == InstanceHealth.Unhealthy || s.Instance.State is InstanceState.Failed or InstanceState.Stopped));
            Record("upgrade-unhealthy", broken * 100 <= maxUnhealthy * size,
                FormattableString.Invariant($"{context}: a batch started with {broken} of {size} instances unhealthy"));
        }
    }

    private void Add(string name, string description) => _invariants[name] = new Invariant(name, description);

    private void Record(string name, bool ok, string violation)
    {
        var invariant = _invariants[name];
        invariant.Checks++;
        if (!ok)
        {
            invariant.Violations++;
            invariant.FirstViolation ??= violation;
        }
    }

    private sealed class Invariant(string name, string description)
    {
        public string Name { get; } = name;

        public string Description { get; } = description;

        public long Checks { get; set; }

        public long Violations { get; set; }

        public string? FirstViolation { get; set; }
    }

    private sealed class EventObserver(Action<ControllerEvent> onNext) : IObserver<ControllerEvent>
    {
        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void OnNext(ControllerEvent value) => onNext(value);
    }
}
