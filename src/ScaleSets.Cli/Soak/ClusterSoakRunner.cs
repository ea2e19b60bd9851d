using System.Diagnostics;
using System.Globalization;
using ScaleSets.Abstractions;
using ScaleSets.Orleans.Grains;
using ScaleSets.Orleans.Hosting;
using ScaleSets.Simulation.Cloud;
using ScaleSets.Simulation.Soak;
using ScaleSets.Simulation.Time;

namespace ScaleSets.Cli.Soak;

/// <summary>
/// <c>scalesets soak --cluster N</c>: N Orleans silos in this process on a real PostgreSQL run scale sets as grains
/// against one simulated cloud in virtual time. Each step changes capacities and models at random, injects instance
/// faults, kills a random silo abruptly when its time comes (and starts a new one in its place), runs one pass of every
/// set (retried through the failover) and checks the invariants: the controller's, seen from outside, and "no action by
/// two activations". Then faults stop and every set must converge.
/// </summary>
internal sealed class ClusterSoakRunner
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly ClusterSoakOptions _options;
    private readonly Dictionary<string, (string Description, long Checks, long Violations, string? First)> _invariants = new(StringComparer.Ordinal);
    private readonly List<SoakSilo> _silos = [];

    public ClusterSoakRunner(ClusterSoakOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid cluster soak options:" + Environment.NewLine + string.Join(Environment.NewLine, errors), nameof(options));
        }

        _options = options;
        Add("single-actor", "no scale set is acted on by two activations: once a newer activation of a set sent a provider or load balancer call, no older one sends another");
        Add("no-duplicate", "no two instances of a set share a name (no create made twice)");
        Add("capacity-in-range", "instances of a set, but those draining out of its pool (a scale-in or repair under way), never exceed its desired capacity plus one upgrade batch and one more");
        Add("pool-membership", "when a set reports it converged, its pool holds exactly its instances and every ready member is healthy");
        Add("no-orphan", "when a set reports it converged, every instance the cloud holds for it is one its activation counted");
        Add("converges", "once faults and kills stop, every set converges: desired count, all healthy and ready, current model");
    }

    public async Task<ClusterSoakReport> RunAsync(CancellationToken cancellationToken)
    {
        var o = _options;
        var time = new VirtualTimeProvider(Start);
        var cloud = new SimulatedCloud(
            new SimulatedCloudOptions { Seed = o.Seed, CreateLatency = TimeSpan.Zero, OperationLatency = TimeSpan.Zero, BootTime = TimeSpan.FromSeconds(30), BootTimeSpread = TimeSpan.Zero },
            time);
        var ledger = new ActionLedger();
        var backends = new RecordingBackends(cloud, ledger, zones: 3);
        var rng = new Random(o.Seed);
        var clusterId = string.Create(CultureInfo.InvariantCulture, $"soak-{o.Seed}-{Guid.NewGuid():N}");
        await PostgreSqlSchema.ApplyAsync(o.ConnectionString, cancellationToken).ConfigureAwait(false);
        var kills = 0;
        var faults = 0;
        try
        {
            for (var i = 0; i < o.Silos; i++)
            {
                _silos.Add(await SoakSilo.StartAsync(o.ConnectionString, clusterId, backends, time, cancellationToken).ConfigureAwait(false));
            }

            var sets = Enumerable.Range(0, o.ScaleSets).Select(i => string.Create(CultureInfo.InvariantCulture, $"soak-{i}")).ToArray();
            var desired = sets.ToDictionary(s => s, _ => 1 + rng.Next(o.Instances), StringComparer.Ordinal);
            var versions = sets.ToDictionary(s => s, _ => 1, StringComparer.Ordinal);
            foreach (var set in sets)
            {
                await CallAsync(g => g.GetGrain<IScaleSetGrain>(set).DefineAsync(new ScaleSetDefinition { SettingJson = Setting(set, desired[set]), Model = Model(1), InitialCapacity = desired[set] })).ConfigureAwait(false);
            }

            var nextKill = Start + NextWait(rng);
            for (var step = 0; step < o.Steps; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (var set in sets)
                {
                    var r = rng.NextDouble();
                    if (r < 0.08)
                    {
                        desired[set] = 1 + rng.Next(o.Instances);
                        await CallAsync(g => g.GetGrain<IScaleSetGrain>(set).UpdateSettingAsync(Setting(set, desired[set]))).ConfigureAwait(false);
                    }
                    else if (r < 0.1)
                    {
                        var version = ++versions[set];
                        await CallAsync(g => g.GetGrain<IScaleSetGrain>(set).UpdateModelAsync(Model(version))).ConfigureAwait(false);
                    }

                    var truth = cloud.GetInstances(set);
                    if (truth.Count > 0 && rng.NextDouble() < o.FaultRate)
                    {
                        faults += cloud.Crash(truth[rng.Next(truth.Count)].Id) ? 1 : 0;
                    }

                    if (truth.Count > 0 && rng.NextDouble() < o.FaultRate / 3)
                    {
                        faults += cloud.Lose(truth[rng.Next(truth.Count)].Id) ? 1 : 0;
                    }
                }

                if (time.GetUtcNow() >= nextKill)
                {
                    await KillAndReplaceAsync(rng.Next(_silos.Count), clusterId, backends, time, cancellationToken).ConfigureAwait(false);
                    kills++;
                    nextKill = time.GetUtcNow() + NextWait(rng);
                }

                var context = "step " + step.ToString(CultureInfo.InvariantCulture);
                foreach (var set in sets)
                {
                    var status = await CallAsync(g => g.GetGrain<IScaleSetGrain>(set).RunPassAsync()).ConfigureAwait(false);
                    Check(cloud, set, status, context);
                }

                CheckActors(ledger, context);
                time.Advance(o.StepInterval);
            }

            await SettleAsync(cloud, sets, desired, versions, ledger, time).ConfigureAwait(false);
        }
        finally
        {
            foreach (var silo in _silos)
            {
                await silo.StopAsync().ConfigureAwait(false);
            }

            _silos.Clear();
        }

        return new ClusterSoakReport(
            o,
            [.. _invariants.Select(i => new InvariantResult(i.Key, i.Value.Description, i.Value.Checks, i.Value.Violations, i.Value.First))],
            time.GetUtcNow() - Start,
            kills,
            ledger.Activations,
            ledger.Actions,
            cloud.InstancesCreated,
            faults);
    }

    private static ScaleSetModelSpec Model(int version) => new()
    {
        Version = "v" + version.ToString(CultureInfo.InvariantCulture),
        ImageReference = "image-v" + version.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>A setting whose minimum and maximum are <paramref name="capacity"/>: the run sets each set's desired capacity through it.</summary>
    private static string Setting(string set, int capacity) => string.Create(CultureInfo.InvariantCulture, $$"""
        { "name": "{{set}}", "profiles": [ { "name": "fixed", "capacity": { "minimum": {{capacity}}, "maximum": {{capacity}}, "default": {{capacity}} }, "rules": [] } ] }
        """);

    private TimeSpan NextWait(Random rng) => _options.KillSiloEvery * (0.5 + rng.NextDouble());

    private async Task KillAndReplaceAsync(int index, string clusterId, RecordingBackends backends, TimeProvider time, CancellationToken cancellationToken)
    {
        var victim = _silos[index];
        _silos.RemoveAt(index);
        await victim.KillAsync().ConfigureAwait(false);
        _silos.Add(await SoakSilo.StartAsync(_options.ConnectionString, clusterId, backends, time, cancellationToken).ConfigureAwait(false));
    }

    private async Task SettleAsync(SimulatedCloud cloud, string[] sets, Dictionary<string, int> desired, Dictionary<string, int> versions, ActionLedger ledger, VirtualTimeProvider time)
    {
        foreach (var set in sets)
        {
            ScaleSetStatus? status = null;
            for (var pass = 0; pass < 120; pass++)
            {
                status = await CallAsync(g => g.GetGrain<IScaleSetGrain>(set).RunPassAsync()).ConfigureAwait(false);
                if (Settled(cloud, set, status, desired[set], versions[set]))
                {
                    break;
                }

                time.Advance(_options.StepInterval);
            }

            var instances = cloud.GetInstances(set);
            Record("converges", status is not null && Settled(cloud, set, status, desired[set], versions[set]), string.Create(
                CultureInfo.InvariantCulture,
                $"{set} after settling: converged={status?.Converged}, instances={instances.Count}, healthy={instances.Count(i => i.Health == InstanceHealth.Healthy)}, desired={desired[set]}, model v{versions[set]}"));
        }

        CheckActors(ledger, "settling");
    }

    private static bool Settled(SimulatedCloud cloud, string set, ScaleSetStatus status, int desired, int version)
    {
        var instances = cloud.GetInstances(set);
        var model = "v" + version.ToString(CultureInfo.InvariantCulture);
        return status.Converged
            && instances.Count == desired
            && instances.All(i => i.Health == InstanceHealth.Healthy && i.ModelVersion == model)
            && cloud.GetMembers(set).Count(m => m.State == LoadBalancerMemberState.Ready) == desired;
    }

    private void Check(SimulatedCloud cloud, string set, ScaleSetStatus status, string context)
    {
        var instances = cloud.GetInstances(set);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var duplicate = instances.FirstOrDefault(i => !names.Add(i.Name));
        Record("no-duplicate", duplicate is null, $"{context}: {set} has two instances named {duplicate?.Name}");

        // A scale-in keeps its instances until their drain ends (a step or two): those draining are on their way out, not extra.
        var wanted = status.DesiredCapacity ?? 0;
        var allowance = Math.Max(1, (int)Math.Ceiling(wanted * 0.2)) + 1;
        var draining = cloud.GetMembers(set).Where(m => m.State == LoadBalancerMemberState.Draining).Select(m => m.InstanceId).ToHashSet(StringComparer.Ordinal);
        var counted = instances.Count(i => !draining.Contains(i.Id));
        Record("capacity-in-range", counted <= wanted + allowance, string.Create(CultureInfo.InvariantCulture, $"{context}: {set} has {counted} instances not draining ({instances.Count} in all), desired {wanted}, allowance {allowance}"));

        if (status.Converged)
        {
            var members = cloud.GetMembers(set);
            var ids = instances.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
            var ghost = members.FirstOrDefault(m => !ids.Contains(m.InstanceId));
            var sick = members.FirstOrDefault(m => m.State == LoadBalancerMemberState.Ready && instances.Any(i => i.Id == m.InstanceId && i.Health != InstanceHealth.Healthy));
            Record("pool-membership", ghost is null && sick is null && members.Count == instances.Count, string.Create(
                CultureInfo.InvariantCulture,
                $"{context}: {set} converged with {members.Count} members for {instances.Count} instances, ghost {ghost?.InstanceId ?? "-"}, ready but unhealthy {sick?.InstanceId ?? "-"}"));
            Record("no-orphan", status.Instances == instances.Count, string.Create(CultureInfo.InvariantCulture, $"{context}: {set} converged counting {status.Instances} instances, the cloud holds {instances.Count}"));
        }
    }

    private void CheckActors(ActionLedger ledger, string context)
    {
        var violations = ledger.TakeViolations();
        Record("single-actor", violations.Count == 0, $"{context}: {string.Join("; ", violations)}");
    }

    /// <summary>
    /// Calls the cluster through a live silo until it serves the call: a call to a set whose silo was killed fails until
    /// the cluster declares that silo dead (seconds), and the first call to an activation fenced by a newer one fails too.
    /// </summary>
    private async Task<T> CallAsync<T>(Func<IGrainFactory, Task<T>> call)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await call(_silos[0].Grains).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsFailover(ex) && waited.Elapsed < TimeSpan.FromMinutes(2))
            {
            }
        }
    }

    private Task<bool> CallAsync(Func<IGrainFactory, Task> call) => CallAsync(async g =>
    {
        await call(g).ConfigureAwait(false);
        return true;
    });

    private static bool IsFailover(Exception ex) =>
        ex is SiloUnavailableException or TimeoutException or OrleansMessageRejectionException or global::Orleans.Storage.InconsistentStateException;

    private void Add(string name, string description) => _invariants[name] = (description, 0, 0, null);

    private void Record(string name, bool ok, string violation)
    {
        var (description, checks, violations, first) = _invariants[name];
        _invariants[name] = (description, checks + 1, ok ? violations : violations + 1, ok ? first : first ?? violation);
    }
}
