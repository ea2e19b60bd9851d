using System.Globalization;
using ScaleSets.Abstractions;

namespace ScaleSets.Control;

/// <summary>
/// The warm pool of one scale set (<see cref="WarmPoolOptions"/>): the pooled instances, kept apart from the
/// <see cref="InstanceTable"/> so no other part sees them (they have no member, count toward no capacity, are never repaired,
/// upgraded or scaled in), and the provider calls the <see cref="WarmPoolPlanner"/>'s plans ask for: start a taken instance,
/// create refills, stop booted ones, delete replaced ones, and stop an instance scale-in returns instead of deleting it.
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
    private readonly ProviderCalls _calls;
    private readonly PassCounters _pass;
    private readonly ZoneAvailability _zones;
    private readonly TimeProvider _time;
    private readonly WarmPoolPlanner _planner;
    private readonly TimeSpan _pendingFor;
    private readonly Dictionary<string, PooledInstance> _byId = new(StringComparer.Ordinal);

    // Names of refill creates that failed or returned no instance: one may exist anyway, and its listing must join the pool.
    private readonly Dictionary<string, DateTimeOffset> _pendingNames = new(StringComparer.Ordinal);
    private long _observation;
    private string? _modelVersion;

    public WarmPool(ScaleSetControllerOptions options, InstanceTable table, ControllerGate gate, ProviderCalls calls, PassCounters pass, ZoneAvailability zones, TimeProvider time)
    {
        _options = options.WarmPool;
        _table = table;
        _gate = gate;
        _calls = calls;
        _pass = pass;
        _zones = zones;
        _time = time;
        _pendingFor = options.AutomaticRepairs.GracePeriod;
        _planner = new WarmPoolPlanner(_options, options.AutomaticRepairs.GracePeriod);
    }

    public WarmPoolState State => _options.PoolState;

    /// <summary>Gets a value indicating whether a refill create of the last <see cref="MaintainAsync"/> failed or described no instance (it may have left one).</summary>
    public bool CreateFailed { get; private set; }

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
                returning += Returnable(t) ? 1 : 0;
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

    /// <summary>Starts the stopped instances a scale-out took; one whose start fails goes back to the pool, to be replaced.</summary>
    public Task StartTakenAsync(WarmPoolPlan plan, CancellationToken ct)
    {
        var starts = new List<TrackedInstance>();
        using (_gate.Enter())
        {
            foreach (var (p, _) in plan.Takes)
            {
                if (p.Info.State == InstanceState.Stopped && _table.TryGet(p.Id, out var t))
                {
                    starts.Add(t);
                }
            }
        }

        if (starts.Count == 0)
        {
            return Task.CompletedTask;
        }

        return _calls.ForEachBatchAsync(
            starts,
            static (calls, batch, token) => calls.Compute.StartInstancesAsync(calls.ScaleSetName, ProviderCalls.Ids(batch), token),
            static t => t.Id,
            (t, result) =>
            {
                if (!result.Succeeded)
                {
                    _pass.Failures++;
                    _pass.CreateFailed = true;
                    _table.Untrack(t);
                    var p = Add(t.Info, _time.GetUtcNow());
                    p.BootedOnce = true;
                    p.Broken = p.Removal = $"its start for scale-out failed ({result.Failure}): {result.Message}";
                    _gate.Emit(ControllerEventKind.Error, t.Id, t.CauseId, $"starting {t.Info.Name} from the warm pool failed ({result.Failure}); it goes back to the pool to be replaced, and the next pass fills its place: {result.Message}");
                    return;
                }

                if (result.Instance is not null)
                {
                    t.Info = result.Instance;
                }

                _gate.Emit(ControllerEventKind.InstanceStarted, t.Id, t.CauseId, $"started {t.Info.Name} from the warm pool");
            },
            ct);
    }

    /// <summary>Deletes replaced pooled instances, stops booted ones, and creates the refills under <paramref name="refillNames"/>.</summary>
    public async Task MaintainAsync(WarmPoolPlan plan, string[] refillNames, ScaleSetModel model, CancellationToken ct)
    {
        CreateFailed = false;
        if (plan.Removals.Count > 0)
        {
            await _calls.ForEachBatchAsync(
                plan.Removals.Select(r => r.Instance).ToList(),
                static (calls, batch, token) => calls.Compute.DeleteInstancesAsync(calls.ScaleSetName, Array.ConvertAll(batch, p => p.Id), token),
                static p => p.Id,
                (p, result) =>
                {
                    if (!result.Succeeded)
                    {
                        _pass.Failures++;
                        _gate.Emit(ControllerEventKind.Error, p.Id, null, $"deleting warm-pool instance {p.Info.Name} failed ({result.Failure}); retried next pass: {result.Message}");
                        return;
                    }

                    _byId.Remove(p.Id);
                    _gate.Emit(ControllerEventKind.WarmPoolInstanceRemoved, p.Id, null, $"deleted warm-pool instance {p.Info.Name}: {p.Removal}");
                },
                ct).ConfigureAwait(false);
        }

        if (plan.Stops.Count > 0)
        {
            await _calls.ForEachBatchAsync(
                plan.Stops,
                static (calls, batch, token) => calls.Compute.StopInstancesAsync(calls.ScaleSetName, Array.ConvertAll(batch, p => p.Id), token),
                static p => p.Id,
                (p, result) =>
                {
                    if (!result.Succeeded)
                    {
                        _pass.Failures++;
                        if (result.Failure == OperationFailureKind.Permanent)
                        {
                            p.Broken = $"its stop failed: {result.Message}";
                        }

                        _gate.Emit(ControllerEventKind.Error, p.Id, null, $"stopping warm-pool instance {p.Info.Name} failed ({result.Failure}): {result.Message}");
                        return;
                    }

                    p.StopRequested = true;
                    if (result.Instance is not null)
                    {
                        p.Info = result.Instance;
                    }

                    _gate.Emit(ControllerEventKind.WarmPoolInstancePrepared, p.Id, null, $"{p.Info.Name} booted and is stopped in the warm pool");
                },
                ct).ConfigureAwait(false);
        }

        if (refillNames.Length > 0)
        {
            var requests = new InstanceCreateRequest[refillNames.Length];
            for (var i = 0; i < refillNames.Length; i++)
            {
                requests[i] = new InstanceCreateRequest(_calls.ScaleSetName, refillNames[i], _calls.ScaleSetName + "/" + refillNames[i], plan.RefillZones[i], model);
            }

            await _calls.ForEachBatchAsync(
                requests,
                static (calls, batch, token) => calls.Compute.CreateInstancesAsync(batch, token),
                static r => r.InstanceName,
                Created,
                ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Returns to the pool the scale-in removals ready to be deleted that it has room for (healthy, running, of the current
    /// model; <see cref="WarmPoolOptions.ReuseOnScaleIn"/>); returns the instances still to delete.
    /// </summary>
    public async Task<List<TrackedInstance>> ReturnOnScaleInAsync(List<TrackedInstance> deletes, CancellationToken ct)
    {
        if (!_options.Enabled || !_options.ReuseOnScaleIn)
        {
            return deletes;
        }

        var returns = new List<TrackedInstance>();
        using (_gate.Enter())
        {
            var room = TargetSize - _byId.Values.Count(p => !p.IsRemoving);
            foreach (var t in deletes)
            {
                if (returns.Count >= room)
                {
                    break;
                }

                if (Returnable(t))
                {
                    returns.Add(t);
                }
            }
        }

        if (returns.Count == 0)
        {
            return deletes;
        }

        var kept = new HashSet<TrackedInstance>();
        if (_options.PoolState == WarmPoolState.Running)
        {
            using (_gate.Enter())
            {
                foreach (var t in returns)
                {
                    Returned(t, t.Info);
                    kept.Add(t);
                }
            }
        }
        else
        {
            await _calls.ForEachBatchAsync(
                returns,
                static (calls, batch, token) => calls.Compute.StopInstancesAsync(calls.ScaleSetName, ProviderCalls.Ids(batch), token),
                static t => t.Id,
                (t, result) =>
                {
                    if (!result.Succeeded)
                    {
                        // Stopping failed: the scale-in deletes it as it would without the pool.
                        _pass.Failures++;
                        _gate.Emit(ControllerEventKind.Error, t.Id, t.RemovalCauseId, $"stopping {t.Info.Name} to return it to the warm pool failed ({result.Failure}); deleting it instead: {result.Message}");
                        return;
                    }

                    Returned(t, result.Instance ?? t.Info);
                    kept.Add(t);
                },
                ct).ConfigureAwait(false);
        }

        return [.. deletes.Where(t => !kept.Contains(t))];
    }

    /// <summary>Whether a removal may end in the pool instead of a delete: a scale-in of a healthy, running instance of the current model.</summary>
    private bool Returnable(TrackedInstance t) =>
        t.Removal == InstanceRemovalReason.ScaleIn && t.Healthy && t.Info.State == InstanceState.Running
        && string.Equals(t.Info.ModelVersion, _modelVersion, StringComparison.Ordinal);

    private void Returned(TrackedInstance t, InstanceInfo info)
    {
        _table.Untrack(t);
        _gate.ClearWarmingUp(t.Id);
        var p = Add(info, _time.GetUtcNow());
        p.BootedOnce = true;
        p.StopRequested = _options.PoolState == WarmPoolState.Stopped;
        _gate.Emit(ControllerEventKind.WarmPoolInstancePrepared, t.Id, t.RemovalCauseId, $"returned {t.Info.Name} to the warm pool on scale-in instead of deleting it");
    }

    private void Created(InstanceCreateRequest request, InstanceOperationResult result)
    {
        var now = _time.GetUtcNow();
        if (!result.Succeeded || result.Instance is not { } info)
        {
            // A create may fail after the provider made the instance: if a listing shows it, it joins the pool.
            _pendingNames[request.InstanceName] = now;
            CreateFailed = true;
            if (!result.Succeeded)
            {
                _pass.Failures++;
                if (result.ZoneUnavailable)
                {
                    _zones.CreateFailed(request.Zone, now);
                }

                _gate.Emit(ControllerEventKind.Error, null, null, $"creating warm-pool instance {request.InstanceName} in zone {request.Zone} failed ({result.Failure}{(result.ZoneUnavailable ? ", zone unavailable" : string.Empty)}); the pool is refilled next pass: {result.Message}");
            }

            return;
        }

        _zones.CreateSucceeded(request.Zone);
        var p = Add(info, now);
        Seen(p);
        _gate.Emit(ControllerEventKind.WarmPoolInstanceCreated, info.Id, null, $"created {info.Name} in zone {info.Zone} at model {info.ModelVersion} for the warm pool ({_options.PoolState} once booted)");
    }

    private PooledInstance Add(InstanceInfo info, DateTimeOffset now)
    {
        var p = new PooledInstance(info, _table.ParseIndex(info.Name), now);
        _byId[info.Id] = p;
        _table.NoteName(info.Name);
        return p;
    }

    private static void Seen(PooledInstance p)
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
