using ScaleSets.Abstractions;

namespace ScaleSets.Control;

/// <summary>
/// The compute calls a pass's plans ask for, and what their results change: restarts and reimages of repairs, starts of
/// instances the provider reports stopped, and creates (a replacement owed to a repair is the repair's outcome; a create
/// that fails as zone-unavailable blocks its zone).
/// </summary>
internal sealed class ComputeActions
{
    private readonly InstanceTable _table;
    private readonly ControllerGate _gate;
    private readonly ProviderCalls _calls;
    private readonly PassCounters _pass;
    private readonly RepairPlanner _repairs;
    private readonly ZoneAvailability _zones;
    private readonly TimeProvider _time;

    public ComputeActions(InstanceTable table, ControllerGate gate, ProviderCalls calls, PassCounters pass, RepairPlanner repairs, ZoneAvailability zones, TimeProvider time)
    {
        _table = table;
        _gate = gate;
        _calls = calls;
        _pass = pass;
        _repairs = repairs;
        _zones = zones;
        _time = time;
    }

    /// <summary>Restarts or reimages the instances a repair chose.</summary>
    public Task RepairAsync(List<TrackedInstance> targets, bool reimage, ScaleSetModel model, CancellationToken ct)
    {
        if (targets.Count == 0)
        {
            return Task.CompletedTask;
        }

        return _calls.ForEachBatchAsync(
            targets,
            reimage
                ? (calls, batch, token) => calls.Compute.ReimageInstancesAsync(calls.ScaleSetName, ProviderCalls.Ids(batch), model, token)
                : static (calls, batch, token) => calls.Compute.RestartInstancesAsync(calls.ScaleSetName, ProviderCalls.Ids(batch), token),
            static t => t.Id,
            (t, result) =>
            {
                if (!result.Succeeded)
                {
                    _pass.Failures++;
                    var plan = new ControllerPlan();
                    _repairs.RecordFailure(plan, t, t.CauseId, $"{(reimage ? "reimage" : "restart")} of {t.Info.Name} failed: {result.Message}");
                    plan.Apply(_gate);
                    return;
                }

                t.RepairPending = true;
                t.Healthy = false;
                t.NotHealthySince = _time.GetUtcNow();
                if (result.Instance is not null)
                {
                    t.Info = result.Instance;
                }

                _gate.Emit(ControllerEventKind.InstanceRepaired, t.Id, t.CauseId, (reimage ? "reimaged " : "restarted ") + t.Info.Name);
            },
            ct);
    }

    /// <summary>Starts instances the provider reports stopped.</summary>
    public Task StartAsync(List<TrackedInstance> targets, CancellationToken ct)
    {
        if (targets.Count == 0)
        {
            return Task.CompletedTask;
        }

        return _calls.ForEachBatchAsync(
            targets,
            static (calls, batch, token) => calls.Compute.StartInstancesAsync(calls.ScaleSetName, ProviderCalls.Ids(batch), token),
            static t => t.Id,
            (t, result) =>
            {
                if (!result.Succeeded)
                {
                    _pass.Failures++;
                    _gate.Emit(ControllerEventKind.Error, t.Id, t.CauseId, $"starting stopped {t.Info.Name} failed ({result.Failure}); retried next pass: {result.Message}");
                    return;
                }

                if (result.Instance is not null)
                {
                    t.Info = result.Instance;
                }

                // It boots again: warm-up starts over when it turns healthy.
                t.EverHealthy = false;
                _gate.Emit(ControllerEventKind.InstanceStarted, t.Id, t.CauseId, $"started {t.Info.Name}, which the provider reported stopped");
            },
            ct);
    }

    /// <summary>Creates the planned instances (each created one is tracked at once); then forgets repair replacements no longer owed.</summary>
    public async Task CreateAsync(List<(InstanceCreateRequest Request, string? Cause)> creates, Func<int?> desiredCapacity, CancellationToken ct)
    {
        if (creates.Count > 0)
        {
            await _calls.ForEachBatchAsync(
                creates,
                static (calls, batch, token) => calls.Compute.CreateInstancesAsync(Array.ConvertAll(batch, c => c.Request), token),
                static c => c.Request.InstanceName,
                (item, result) => Created(item.Request, item.Cause, result),
                ct).ConfigureAwait(false);
        }

        using (_gate.Enter())
        {
            // Only a count of replacements still owed can change here: skip the scan when none is.
            if (_repairs.PendingReplacements != 0 && _table.CountInService() >= (desiredCapacity() ?? 0))
            {
                _repairs.ForgetReplacements();
            }
        }
    }

    private void Created(InstanceCreateRequest request, string? cause, InstanceOperationResult result)
    {
        var now = _time.GetUtcNow();
        if (!result.Succeeded)
        {
            _pass.Failures++;
            _pass.CreateFailed = true;
            if (result.ZoneUnavailable)
            {
                _zones.CreateFailed(request.Zone, now);
                _pass.ZoneUnavailable = true;
            }

            _gate.Emit(ControllerEventKind.InstanceCreateFailed, null, cause, $"creating {request.InstanceName} in zone {request.Zone} failed ({result.Failure}{(result.ZoneUnavailable ? ", zone unavailable" : string.Empty)}): {result.Message}");
            return;
        }

        if (result.Instance is not { } info)
        {
            // The provider accepted the create without describing the instance; the next list adopts it.
            return;
        }

        _pass.Created++;
        _zones.CreateSucceeded(request.Zone);
        _table.AddCreated(info, cause, now, _repairs.TakeReplacement());
        _gate.Emit(ControllerEventKind.InstanceCreated, info.Id, cause, $"created {info.Name} in zone {info.Zone} at model {info.ModelVersion}");
    }
}
