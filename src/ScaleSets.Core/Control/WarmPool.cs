using System.Globalization;
using ScaleSets.Abstractions;

namespace ScaleSets.Control;

/// <summary>
/// The warm pool of one scale set (<see cref="WarmPoolOptions"/>): the pooled instances, kept apart from the
/// <see cref="InstanceTable"/> so no other part sees them (they have no member, count toward no capacity, are never repaired,
/// upgraded or scaled in), what each listing says of them, and the <see cref="WarmPoolPlanner"/>'s plan applied under the
/// gate; <see cref="WarmPoolActions"/> makes the provider calls the plans ask for. Changed only under the gate.
/// </summary>
/// <remarks>
/// Pooled instances exist at the provider like any other of the set, so every listing is split here before the
/// <see cref="InstanceObserver"/> sees it, and their ids are saved with the controller's state: a restarted controller's first
/// listing adopts them, and restoring the state moves them back into the pool before anything is planned.
/// </remarks>
internal sealed class WarmPool
{
    private readonly WarmPoolOptions _options;
    private readonly InstanceTable _table;
    private readonly ControllerGate _gate;
    private readonly ZoneAvailability _zones;
    private readonly WarmPoolPlanner _planner;
    private readonly TimeSpan _pendingFor;
    private readonly Dictionary<string, PooledInstance> _byId = new(StringComparer.Ordinal);

    // Names of refill creates that failed or returned no instance: one may exist anyway, and its listing must join the pool.
    private readonly Dictionary<string, DateTimeOffset> _pendingNames = new(StringComparer.Ordinal);
    private long _observation;
    private string? _modelVersion;

    public WarmPool(ScaleSetControllerOptions options, InstanceTable table, ControllerGate gate, ZoneAvailability zones)
    {
        _options = options.WarmPool;
        _table = table;
        _gate = gate;
        _zones = zones;
        _pendingFor = options.AutomaticRepairs.GracePeriod;
        _planner = new WarmPoolPlanner(_options, options.AutomaticRepairs.GracePeriod);
    }

    public WarmPoolOptions Options => _options;

    public WarmPoolState State => _options.PoolState;

    /// <summary>Gets the model version of the last plan: instances of another one are not kept.</summary>
    public string? ModelVersion => _modelVersion;

    /// <summary>Gets the pool's size as last planned.</summary>
    public int TargetSize { get; private set; }

    public Dictionary<string, PooledInstance>.ValueCollection All => _byId.Values;

    /// <summary>
    /// Applies a listing to the pool and returns the rest for the <see cref="InstanceObserver"/>: pooled instances get their new
    /// state, a refill that had failed and shows up after all joins the pool, and pooled instances the provider no longer lists
    /// are dropped (and replaced by the next refill). Under the gate.
    /// </summary>
    public IReadOnlyList<InstanceInfo> Observe(IReadOnlyList<InstanceInfo> listing, DateTimeOffset now)
    {
        if (_byId.Count == 0 && _pendingNames.Count == 0)
        {
            return listing;
        }

        var stamp = ++_observation;
        var rest = new List<InstanceInfo>(listing.Count);
        foreach (var info in listing)
        {
            if (_byId.TryGetValue(info.Id, out var p))
            {
                p.Info = info;
            }
            else if (_pendingNames.Remove(info.Name))
            {
                p = Add(info, now);
                _gate.Emit(ControllerEventKind.WarmPoolInstanceCreated, info.Id, null, $"{info.Name}, a warm-pool create that had reported a failure, exists: it joins the warm pool");
            }
            else
            {
                rest.Add(info);
                continue;
            }

            p.Observation = stamp;
            Seen(p);
        }

        List<PooledInstance>? lost = null;
        foreach (var p in _byId.Values)
        {
            if (p.Observation != stamp)
            {
                (lost ??= []).Add(p);
            }
        }

        foreach (var p in lost ?? [])
        {
            _byId.Remove(p.Id);
            _gate.Emit(ControllerEventKind.WarmPoolInstanceRemoved, p.Id, null, p.IsRemoving ? $"{p.Info.Name} is gone ({p.Removal})" : $"{p.Info.Name} vanished from the provider; the warm pool is refilled");
        }

        foreach (var stale in _pendingNames.Where(kv => now - kv.Value > _pendingFor).Select(kv => kv.Key).ToList())
        {
            _pendingNames.Remove(stale);
        }

        return rest;
    }

    /// <summary>Moves the instances a saved state lists as pooled from the table (the first listing adopted them) back into the pool; under the gate.</summary>
    public int Restore(IReadOnlyList<string> ids, DateTimeOffset now)
    {
        var restored = 0;
        foreach (var id in ids)
        {
            if (_table.TryGet(id, out var t) && !t.IsRemoving && t.Member is null)
            {
                _table.Untrack(t);
                _gate.ClearWarmingUp(t.Id);
                var p = Add(t.Info, now);

                // The controller before this one stopped it only after its first boot.
                p.BootedOnce = t.Info.State == InstanceState.Stopped;
                Seen(p);
                restored++;
            }
        }

        if (restored > 0)
        {
            _gate.Emit(ControllerEventKind.StateRestored, null, null, string.Create(CultureInfo.InvariantCulture, $"restored the warm pool: {restored} instances are pooled, not in service"));
        }

        return restored;
    }

    /// <summary>The ids to save with the controller's state (removals under way included: they exist until deleted), sorted.</summary>
    public List<string> Ids() => [.. _byId.Keys.Order(StringComparer.Ordinal)];

    /// <summary>
    /// Plans the pass and applies what belongs under the gate: taken instances join the table (in service, stopped until
    /// started) and replace their planned creates, replaced ones are marked. Under the gate.
    /// </summary>
    public WarmPoolPlan Plan(CapacityPlan capacity, int desired, string modelVersion, RepairPlanner repairs, DateTimeOffset now)
    {
        _modelVersion = modelVersion;
        var returning = 0;
        if (_options.Enabled && _options.ReuseOnScaleIn)
        {
            foreach (var t in _table.All)
            {
                returning += IsReturnable(t) ? 1 : 0;
            }
        }

        var plan = _planner.Plan(_byId.Values, capacity.CreateZones, desired, modelVersion, _zones.Zones, z => !_zones.IsBlocked(z, now), now, returning);
        TargetSize = plan.TargetSize;
        foreach (var (p, _) in plan.Takes)
        {
            _byId.Remove(p.Id);
            _table.AddCreated(p.Info, capacity.CreateCause, now, repairs.TakeReplacement());
            _gate.Emit(ControllerEventKind.WarmPoolInstanceTaken, p.Id, capacity.CreateCause, $"taking {p.Info.Name} in zone {p.Zone} from the warm pool ({p.Info.State}) instead of creating an instance, for desired capacity {desired}");
        }

        foreach (var index in plan.Takes.Select(t => t.CreateIndex).OrderDescending())
        {
            capacity.CreateZones.RemoveAt(index);
        }

        foreach (var (p, why) in plan.Removals)
        {
            p.Removal ??= why;
        }

        return plan;
    }

    /// <summary>Whether a removal may end in the pool instead of a delete: a scale-in of a healthy, running instance of the current model.</summary>
    public bool IsReturnable(TrackedInstance t) =>
        t.Removal == InstanceRemovalReason.ScaleIn && t.Healthy && t.Info.State == InstanceState.Running
        && string.Equals(t.Info.ModelVersion, _modelVersion, StringComparison.Ordinal);

    /// <summary>Remembers the name of a refill whose create failed or described no instance: if a listing shows it, it joins the pool.</summary>
    public void ExpectName(string name, DateTimeOffset now) => _pendingNames[name] = now;

    /// <summary>Stops tracking a pooled instance (deleted).</summary>
    public void Remove(PooledInstance p) => _byId.Remove(p.Id);

    /// <summary>Tracks an instance as pooled; later names never reuse its index.</summary>
    public PooledInstance Add(InstanceInfo info, DateTimeOffset now)
    {
        var p = new PooledInstance(info, _table.ParseIndex(info.Name), now);
        _byId[info.Id] = p;
        _table.NoteName(info.Name);
        return p;
    }

    /// <summary>Updates what an observation of a pooled instance tells: its first boot is done once it runs healthy; a stop asked for is done once it is stopped.</summary>
    public static void Seen(PooledInstance p)
    {
        if (p.Info.State == InstanceState.Running && p.Info.Health == InstanceHealth.Healthy)
        {
            p.BootedOnce = true;
        }

        if (p.Info.State == InstanceState.Stopped)
        {
            p.StopRequested = false;
        }
    }
}
