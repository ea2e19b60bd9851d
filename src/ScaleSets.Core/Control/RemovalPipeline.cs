using System.Globalization;
using ScaleSets.Abstractions;

namespace ScaleSets.Control;

/// <summary>
/// The removal of an instance, as Azure removes a VM from a load-balanced set: drain it (up to
/// <see cref="ScaleSetControllerOptions.DrainTimeout"/>), take it out of the pool, send the terminate notification and wait for
/// the lifecycle hook's approval or the notification's timeout, then delete it; the deletes of a pass go in batches. Each
/// step is re-evaluated every pass, so a restarted controller carries on where its predecessor left off. With
/// <see cref="WarmPoolOptions.ReuseOnScaleIn"/>, a scale-in's instance ready to go is stopped and kept in the warm pool instead.
/// </summary>
internal sealed class RemovalPipeline
{
    private readonly ScaleSetControllerOptions _options;
    private readonly InstanceTable _table;
    private readonly ControllerGate _gate;
    private readonly ProviderCalls _calls;
    private readonly PassCounters _pass;
    private readonly IInstanceLifecycleHook? _hook;
    private readonly WarmPoolActions _warmPool;

    public RemovalPipeline(ScaleSetControllerOptions options, InstanceTable table, ControllerGate gate, ProviderCalls calls, PassCounters pass, IInstanceLifecycleHook? hook, WarmPoolActions warmPool)
    {
        _warmPool = warmPool;
        _options = options;
        _table = table;
        _gate = gate;
        _calls = calls;
        _pass = pass;
        _hook = hook;
    }

    /// <summary>Starts removing an instance; under the gate.</summary>
    public static void Start(ControllerGate gate, TrackedInstance t, InstanceRemovalReason reason, string? cause, string why)
    {
        t.Removal = reason;
        t.RemovalCauseId = cause;
        if (t.RestoredRemoval is { } restored)
        {
            // A controller before a restart had started removing this instance: keep its drain start and its terminate notification.
            t.RestoredRemoval = null;
            t.DrainStartedAt = restored.DrainStartedAt;
            t.TerminateNotBefore = restored.TerminateNotBefore;
            t.TerminateApproved = restored.TerminateApproved;
        }

        gate.Emit(ControllerEventKind.InstanceRemovalStarted, t.Id, cause, $"removing {t.Info.Name} ({reason}): {why}");
    }

    /// <summary>Moves every removal under way on, and deletes the instances that are ready to go.</summary>
    public async Task ProgressAsync(DateTimeOffset now, CancellationToken ct)
    {
        List<TrackedInstance> removing;
        using (_gate.Enter())
        {
            removing = InstanceTable.ByIndex(_table.All.Where(t => t.IsRemoving));
        }

        if (removing.Count == 0)
        {
            return;
        }

        // Drains, pool removals and hooks first, one instance at a time; then the instances ready to go are deleted together.
        var deletes = new List<TrackedInstance>();
        await _calls.ForEachAsync(
            removing,
            async (t, token) =>
            {
                if (await PrepareDeleteAsync(t, now, token).ConfigureAwait(false))
                {
                    using (_gate.Enter())
                    {
                        deletes.Add(t);
                    }
                }
            },
            ct).ConfigureAwait(false);
        if (deletes.Count > 0)
        {
            // With ReuseOnScaleIn, the warm pool keeps the scale-in removals it has room for instead of their delete.
            deletes = await _warmPool.ReturnOnScaleInAsync(InstanceTable.ByIndex(deletes), ct).ConfigureAwait(false);
        }

        if (deletes.Count > 0)
        {
            await DeleteAsync(InstanceTable.ByIndex(deletes), ct).ConfigureAwait(false);
        }
    }

    private Task DeleteAsync(List<TrackedInstance> deletes, CancellationToken ct) =>
        _calls.ForEachBatchAsync(
            deletes,
            static (calls, batch, token) => calls.Compute.DeleteInstancesAsync(calls.ScaleSetName, ProviderCalls.Ids(batch), token),
            static t => t.Id,
            (t, result) =>
            {
                var cause = t.RemovalCauseId;
                if (!result.Succeeded)
                {
                    _pass.Failures++;
                    _gate.Emit(ControllerEventKind.Error, t.Id, cause, $"deleting {t.Info.Name} failed ({result.Failure}); retried next pass: {result.Message}");
                    return;
                }

                _table.Untrack(t);
                _pass.Deleted++;
                _gate.ClearWarmingUp(t.Id);
                _gate.Emit(ControllerEventKind.InstanceDeleted, t.Id, cause, $"deleted {t.Info.Name} ({t.Removal})");
            },
            ct);

    /// <summary>Moves a removal on (drain, leave the pool, terminate notification); returns whether the instance may be deleted now.</summary>
    private async Task<bool> PrepareDeleteAsync(TrackedInstance t, DateTimeOffset now, CancellationToken ct)
    {
        LoadBalancerMember? member;
        using (_gate.Enter())
        {
            member = t.Member;
        }

        if (member is not null && !await LeavePoolAsync(t, member, now, ct).ConfigureAwait(false))
        {
            return false;
        }

        return _hook is null || await TerminateApprovedAsync(t, now, ct).ConfigureAwait(false);
    }

    /// <summary>Drains the member and removes it once drained or timed out; returns whether it left the pool.</summary>
    private async Task<bool> LeavePoolAsync(TrackedInstance t, LoadBalancerMember member, DateTimeOffset now, CancellationToken ct)
    {
        var cause = t.RemovalCauseId;
        if (member.State != LoadBalancerMemberState.Draining)
        {
            if (!await _calls.DrainAsync(t.Id, cause, ct).ConfigureAwait(false))
            {
                return false;
            }

            using (_gate.Enter())
            {
                t.Member = member with { State = LoadBalancerMemberState.Draining };
                t.DrainStartedAt = now;
                _gate.Emit(ControllerEventKind.InstanceDraining, t.Id, cause, string.Create(CultureInfo.InvariantCulture, $"draining {t.Info.Name} ({member.ActiveConnections} connections, timeout {_options.DrainTimeout:c})"));
            }

            if (_options.DrainTimeout > TimeSpan.Zero)
            {
                return false;
            }
        }
        else
        {
            DateTimeOffset started;
            using (_gate.Enter())
            {
                started = t.DrainStartedAt ??= now;
            }

            var drained = member.ActiveConnections == 0 && started < now;
            if (!drained && now - started < _options.DrainTimeout)
            {
                return false;
            }
        }

        if (!await _calls.RemoveMemberAsync(t.Id, cause, ct).ConfigureAwait(false))
        {
            return false;
        }

        using (_gate.Enter())
        {
            t.Member = null;
            _gate.Emit(ControllerEventKind.InstanceRemovedFromPool, t.Id, cause, $"{t.Info.Name} left the pool");
        }

        return true;
    }

    /// <summary>Sends the terminate notification once; returns whether the hook approved or its timeout passed.</summary>
    private async Task<bool> TerminateApprovedAsync(TrackedInstance t, DateTimeOffset now, CancellationToken ct)
    {
        DateTimeOffset notBefore;
        bool notify;
        InstanceInfo info;
        using (_gate.Enter())
        {
            if (t.TerminateApproved)
            {
                return true;
            }

            info = t.Info;
            notify = t.TerminateNotBefore is null;
            notBefore = t.TerminateNotBefore ??= now + _options.ScaleIn.TerminateNotificationTimeout;
            if (notify)
            {
                _gate.Emit(ControllerEventKind.InstanceTerminating, t.Id, t.RemovalCauseId, $"terminate notification for {info.Name}: deleted at the latest at {notBefore:O}");
            }
        }

        if (notify && await NotifyAsync(t, info, notBefore, ct).ConfigureAwait(false))
        {
            return true;
        }

        return now >= notBefore;
    }

    /// <summary>Calls the hook's terminate notification (with no lock held); returns whether it approved the delete.</summary>
    private async Task<bool> NotifyAsync(TrackedInstance t, InstanceInfo info, DateTimeOffset notBefore, CancellationToken ct)
    {
        var approved = false;
        try
        {
            approved = await _hook!.OnTerminatingAsync(info, notBefore, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            using (_gate.Enter())
            {
                _gate.Emit(ControllerEventKind.Error, t.Id, t.RemovalCauseId, $"terminate hook for {info.Name} failed; deleting at the not-before time: {ex.Message}");
            }
        }

        using (_gate.Enter())
        {
            t.TerminateApproved = approved;
        }

        return approved;
    }
}
