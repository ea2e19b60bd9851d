using ScaleSets.Abstractions;

namespace ScaleSets.Control;

/// <summary>
/// The provider calls a <see cref="WarmPoolPlan"/> asks for, and what their results change in the <see cref="WarmPool"/>:
/// start the instances a scale-out took (one whose start fails goes back to be replaced), delete replaced ones, stop booted
/// ones, create refills, and stop the scale-in removals the pool keeps (<see cref="WarmPoolOptions.ReuseOnScaleIn"/>)
/// instead of deleting them. Results are applied under the gate as each batch completes.
/// </summary>
internal sealed class WarmPoolActions
{
    private readonly WarmPool _pool;
    private readonly InstanceTable _table;
    private readonly ControllerGate _gate;
    private readonly ProviderCalls _calls;
    private readonly PassCounters _pass;
    private readonly ZoneAvailability _zones;
    private readonly TimeProvider _time;

    public WarmPoolActions(WarmPool pool, InstanceTable table, ControllerGate gate, ProviderCalls calls, PassCounters pass, ZoneAvailability zones, TimeProvider time)
    {
        _pool = pool;
        _table = table;
        _gate = gate;
        _calls = calls;
        _pass = pass;
        _zones = zones;
        _time = time;
    }

    /// <summary>Gets a value indicating whether a refill create of the last <see cref="MaintainAsync"/> failed or described no instance (it may have left one).</summary>
    public bool CreateFailed { get; private set; }

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
                    var p = _pool.Add(t.Info, _time.GetUtcNow());
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

                    _pool.Remove(p);
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
        if (!_pool.Options.Enabled || !_pool.Options.ReuseOnScaleIn)
        {
            return deletes;
        }

        var returns = new List<TrackedInstance>();
        using (_gate.Enter())
        {
            var room = _pool.TargetSize - _pool.All.Count(p => !p.IsRemoving);
            foreach (var t in deletes)
            {
                if (returns.Count >= room)
                {
                    break;
                }

                if (_pool.IsReturnable(t))
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
        if (_pool.State == WarmPoolState.Running)
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

    private void Returned(TrackedInstance t, InstanceInfo info)
    {
        _table.Untrack(t);
        _gate.ClearWarmingUp(t.Id);
        var p = _pool.Add(info, _time.GetUtcNow());
        p.BootedOnce = true;
        p.StopRequested = _pool.State == WarmPoolState.Stopped;
        _gate.Emit(ControllerEventKind.WarmPoolInstancePrepared, t.Id, t.RemovalCauseId, $"returned {t.Info.Name} to the warm pool on scale-in instead of deleting it");
    }

    private void Created(InstanceCreateRequest request, InstanceOperationResult result)
    {
        var now = _time.GetUtcNow();
        if (!result.Succeeded || result.Instance is not { } info)
        {
            // A create may fail after the provider made the instance: if a listing shows it, it joins the pool.
            _pool.ExpectName(request.InstanceName, now);
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
        var p = _pool.Add(info, now);
        WarmPool.Seen(p);
        _gate.Emit(ControllerEventKind.WarmPoolInstanceCreated, info.Id, null, $"created {info.Name} in zone {info.Zone} at model {info.ModelVersion} for the warm pool ({_pool.State} once booted)");
    }

}
