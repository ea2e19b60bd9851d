using System.Globalization;

namespace ScaleSets.Control;

/// <summary>
/// Keeps what a restart would otherwise lose in the <see cref="IControllerStateStore"/>: a stopped upgrade, repair failures
/// and suspension, repairs awaiting their outcome, when unhealthy instances turned unhealthy, and removals under way. Loaded
/// once, before the first pass decides anything; saved after every pass that changed it, and before a pass acts when it
/// started an upgrade batch's removal (see <see cref="RemovalProgress.Reason"/>).
/// </summary>
internal sealed class ControllerStatePersistence
{
    private readonly IControllerStateStore? _store;
    private readonly string _scaleSetName;
    private readonly InstanceTable _table;
    private readonly ControllerGate _gate;
    private readonly PassCounters _pass;
    private readonly WarmPool _warmPool;
    private bool _loaded;
    private ControllerState? _saved;

    public ControllerStatePersistence(IControllerStateStore? store, string scaleSetName, InstanceTable table, ControllerGate gate, PassCounters pass, WarmPool warmPool)
    {
        _warmPool = warmPool;
        _store = store;
        _scaleSetName = scaleSetName;
        _table = table;
        _gate = gate;
        _pass = pass;
    }

    /// <summary>Forgets that the state was loaded, so the next pass reads it again (another controller held the set meanwhile).</summary>
    public void Reload() => _loaded = false;

    /// <summary>
    /// Loads the saved state into the parts once; returns false when the pass must not act (loading failed). Every loaded
    /// field is made safe (<see cref="ControllerState.Sanitized"/>); an unreadable state is reported once in an error event
    /// naming the file and its copy, and the set is managed from what the provider and the load balancer report.
    /// </summary>
    public async Task<bool> LoadAsync(RepairPlanner repairs, UpgradePlanner upgrades, DateTimeOffset now, CancellationToken ct)
    {
        if (_loaded || _store is null)
        {
            return true;
        }

        ControllerState? state;
        var problems = new List<string>();
        try
        {
            // Every field is untrusted (a file anyone can edit, a row): made safe here whatever the store.
            state = (await _store.LoadAsync(_scaleSetName, ct).ConfigureAwait(false))?.Sanitized(problems);
        }
        catch (ControllerStateUnreadableException unreadable)
        {
            // The state only holds extras; the set is managed level-triggered from what the provider and the load balancer report.
            state = null;
            problems.Add(unreadable.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            using (_gate.Enter())
            {
                _pass.Failures++;
                _gate.Emit(ControllerEventKind.Error, null, null, "loading the controller state failed; nothing changed this pass: " + ex.Message);
            }

            return false;
        }

        using (_gate.Enter())
        {
            _loaded = true;
            _saved = state;
            if (problems.Count > 0)
            {
                _pass.Failures++;
                _gate.Emit(ControllerEventKind.Error, null, null, "the saved controller state was not usable as it was: " + string.Join("; ", problems));
            }

            if (state is not null)
            {
                Restore(state, repairs, upgrades, now);
            }
        }

        return true;
    }

    /// <summary>Saves the state when it changed since the last save; a failure is reported and the save retried next pass.</summary>
    public async Task SaveAsync(RepairPlanner repairs, UpgradePlanner upgrades, CancellationToken ct)
    {
        if (_store is null || !_loaded)
        {
            return;
        }

        try
        {
            // Building and comparing the state is inside the try too: nothing of a save may throw out of the pass.
            ControllerState state;
            using (_gate.Enter())
            {
                state = Capture(repairs, upgrades);
                if (state.SameAs(_saved))
                {
                    return;
                }
            }

            await _store.SaveAsync(_scaleSetName, state, ct).ConfigureAwait(false);
            using (_gate.Enter())
            {
                _saved = state;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            using (_gate.Enter())
            {
                _pass.Failures++;
                _gate.Emit(ControllerEventKind.Error, null, null, "saving the controller state failed; retried next pass: " + ex.Message);
            }
        }
    }

    private void Restore(ControllerState state, RepairPlanner repairs, UpgradePlanner upgrades, DateTimeOffset now)
    {
        upgrades.StoppedVersion = state.StoppedUpgradeVersion;
        repairs.Restore(state.RepairsSuspended, state.ConsecutiveRepairFailures);
        var pending = 0;
        foreach (var id in state.RepairPendingInstanceIds)
        {
            if (_table.TryGet(id, out var t) && !t.Healthy)
            {
                t.RepairPending = true;
                pending++;
            }
        }

        // The repair grace period runs from when the controller before this one saw the instance turn unhealthy.
        foreach (var unhealthy in state.Unhealthy ?? [])
        {
            if (_table.TryGet(unhealthy.InstanceId, out var t) && !t.Healthy && t.NotHealthySince > unhealthy.Since)
            {
                t.NotHealthySince = unhealthy.Since;
            }
        }

        // Applied when this controller removes the same instance; dropped when it puts the instance back in service. An
        // upgrade batch's removal is resumed now: its replacement may exist already, and the set would look one too large.
        var removals = 0;
        foreach (var removal in state.Removals ?? [])
        {
            if (_table.TryGet(removal.InstanceId, out var t))
            {
                removals += t.RestoredRemoval is null ? 1 : 0;
                t.RestoredRemoval = removal;
                if (removal.Reason == InstanceRemovalReason.Upgrade && !t.IsRemoving)
                {
                    RemovalPipeline.Start(_gate, t, removal.Reason, removal.CauseId, "resumed: the rolling-upgrade batch of the controller before a restart goes on");
                }
            }
        }

        // The first listing adopted the pooled instances as the set's: they go back to the warm pool before anything is planned.
        _warmPool.Restore(state.WarmPoolInstanceIds ?? [], now);
        _gate.Emit(ControllerEventKind.StateRestored, null, null, string.Create(
            CultureInfo.InvariantCulture,
            $"restored state: stopped upgrade {state.StoppedUpgradeVersion ?? "none"}, repairs {(state.RepairsSuspended ? "suspended" : "active")}, {state.ConsecutiveRepairFailures} failed repairs in a row, {pending} repairs awaiting their outcome, {removals} removals under way"));
    }

    private ControllerState Capture(RepairPlanner repairs, UpgradePlanner upgrades) =>
        new(
            upgrades.StoppedVersion,
            repairs.Suspended,
            repairs.ConsecutiveFailures,
            [.. _table.All.Where(t => t.RepairPending).Select(t => t.Id).Order(StringComparer.Ordinal)])
        {
            Removals = RemovalsToSave(),
            Unhealthy = [.. _table.All.Where(t => !t.IsRemoving && t.NotHealthySince is not null).Select(t => new UnhealthyInstance(t.Id, t.NotHealthySince!.Value))],
            WarmPoolInstanceIds = _warmPool.Ids(),
        };

    /// <summary>The progress of every removal under way, and restored progress this controller has not yet acted on.</summary>
    private List<RemovalProgress> RemovalsToSave()
    {
        var removals = new List<RemovalProgress>();
        foreach (var t in _table.All)
        {
            if (t.IsRemoving && (t.Removal == InstanceRemovalReason.Upgrade || t.DrainStartedAt is not null || t.TerminateNotBefore is not null))
            {
                removals.Add(new RemovalProgress(t.Id, t.DrainStartedAt, t.TerminateNotBefore, t.TerminateApproved) { Reason = t.Removal, CauseId = t.RemovalCauseId });
            }
            else if (!t.IsRemoving && t.RestoredRemoval is { } restored)
            {
                removals.Add(restored);
            }
        }

        removals.Sort((a, b) => string.CompareOrdinal(a.InstanceId, b.InstanceId));
        return removals;
    }
}
