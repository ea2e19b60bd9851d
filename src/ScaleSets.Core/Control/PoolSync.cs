using ScaleSets.Abstractions;

namespace ScaleSets.Control;

/// <summary>Carries out the <see cref="PoolSyncPlanner"/>'s member calls (running the creation hook before an instance is first registered) and removes orphan members.</summary>
internal sealed class PoolSync
{
    private readonly ControllerGate _gate;
    private readonly ProviderCalls _calls;
    private readonly IInstanceLifecycleHook? _hook;

    public PoolSync(ControllerGate gate, ProviderCalls calls, IInstanceLifecycleHook? hook)
    {
        _gate = gate;
        _calls = calls;
        _hook = hook;
    }

    /// <summary>Plans the member calls for the instances (against the desired capacity read under the gate) and makes them.</summary>
    public Task SyncAsync(InstanceTable table, Func<int?> desiredCapacity, CancellationToken ct)
    {
        List<PoolSyncAction> actions;
        using (_gate.Enter())
        {
            // The table counts the instances whose membership does not match their health: none, nothing to plan.
            actions = table.Counts.PoolSyncNeeded == 0 ? [] : PoolSyncPlanner.Plan(table.All, desiredCapacity());
            foreach (var a in actions)
            {
                if (a.RollsBackRemoval)
                {
                    a.Instance.RestoredRemoval = null;
                }
            }
        }

        return _calls.ForEachAsync(actions, (a, token) => SyncAsync(a.Instance, a.To, token), ct);
    }

    /// <summary>Removes pool members whose instance does not exist.</summary>
    public Task RemoveOrphansAsync(List<LoadBalancerMember> orphans, CancellationToken ct) =>
        _calls.ForEachAsync(
            orphans,
            async (m, token) =>
            {
                if (await _calls.RemoveMemberAsync(m.InstanceId, null, token).ConfigureAwait(false))
                {
                    using (_gate.Enter())
                    {
                        _gate.Emit(ControllerEventKind.OrphanMemberRemoved, m.InstanceId, null, $"removed pool member {m.InstanceName} ({m.Address}): its instance does not exist");
                    }
                }
            },
            ct);

    private async Task SyncAsync(TrackedInstance t, LoadBalancerMemberState to, CancellationToken ct)
    {
        if (to == LoadBalancerMemberState.Draining)
        {
            if (await _calls.DrainAsync(t.Id, t.CauseId, ct).ConfigureAwait(false))
            {
                using (_gate.Enter())
                {
                    t.Member = t.Member! with { State = LoadBalancerMemberState.Draining };
                    _gate.Emit(ControllerEventKind.InstanceDraining, t.Id, t.CauseId, $"{t.Info.Name} taken out of rotation: unhealthy");
                }
            }

            return;
        }

        if (to == LoadBalancerMemberState.Registered && !await RegisterAsync(t, ct).ConfigureAwait(false))
        {
            return;
        }

        if (await _calls.SetReadyAsync(t.Id, t.CauseId, ct).ConfigureAwait(false))
        {
            using (_gate.Enter())
            {
                t.Member = t.Member! with { State = LoadBalancerMemberState.Ready };
                _gate.Emit(ControllerEventKind.InstanceReady, t.Id, t.CauseId, $"{t.Info.Name} takes traffic");
            }
        }
    }

    /// <summary>Registers the instance at its address (leaving the pool first at a stale one); returns whether it is registered.</summary>
    private async Task<bool> RegisterAsync(TrackedInstance t, CancellationToken ct)
    {
        LoadBalancerMember? stale;
        InstanceInfo info;
        bool runHook;
        using (_gate.Enter())
        {
            stale = t.Member;
            info = t.Info;
            runHook = _hook is not null && !t.CreatedHookDone;
            if (stale is not null)
            {
                _gate.Emit(ControllerEventKind.InstanceAddressChanged, t.Id, t.CauseId, $"{info.Name} moved from {stale.Address} to {info.Address}; re-registering it");
            }
        }

        if (stale is not null)
        {
            if (!await _calls.RemoveMemberAsync(t.Id, t.CauseId, ct).ConfigureAwait(false))
            {
                return false;
            }

            using (_gate.Enter())
            {
                t.Member = null;
                _gate.Emit(ControllerEventKind.InstanceRemovedFromPool, t.Id, t.CauseId, $"{info.Name} left the pool at its old address {stale.Address}");
            }
        }

        if (runHook)
        {
            await RunCreatedHookAsync(t, info, ct).ConfigureAwait(false);
        }

        if (!await _calls.RegisterAsync(info, t.CauseId, ct).ConfigureAwait(false))
        {
            return false;
        }

        using (_gate.Enter())
        {
            t.Member = new LoadBalancerMember(info.Id, info.Name, info.Address!, LoadBalancerMemberState.Registered, 0);
            _gate.Emit(ControllerEventKind.InstanceRegistered, t.Id, t.CauseId, $"{info.Name} registered at {info.Address}");
        }

        return true;
    }

    private async Task RunCreatedHookAsync(TrackedInstance t, InstanceInfo info, CancellationToken ct)
    {
        try
        {
            await _hook!.OnCreatedAsync(info, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            using (_gate.Enter())
            {
                _gate.Emit(ControllerEventKind.Error, t.Id, t.CauseId, $"creation hook for {info.Name} failed (registering anyway): {ex.Message}");
            }
        }

        using (_gate.Enter())
        {
            t.CreatedHookDone = true;
        }
    }
}
