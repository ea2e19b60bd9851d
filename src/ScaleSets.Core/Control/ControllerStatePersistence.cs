using System.Globalization;

namespace ScaleSets.Control;

/// <summary>
/// Keeps what a restart would otherwise lose in the <see cref="IControllerStateStore"/>: a stopped upgrade, repair failures
/// and suspension, repairs awaiting their outcome, when unhealthy instances turned unhealthy, and removals under way. Loaded
/// once, before the first pass decides anything; saved after every pass that changed it.
/// </summary>
internal sealed class ControllerStatePersistence
{
    private readonly IControllerStateStore? _store;
    private readonly string _scaleSetName;
    private readonly InstanceTable _table;
    private readonly ControllerGate _gate;
    private readonly PassCounters _pass;
    private bool _loaded;
    private ControllerState? _saved;

    public ControllerStatePersistence(IControllerStateStore? store, string scaleSetName, InstanceTable table, ControllerGate gate, PassCounters pass)
    {
        _store = store;
        _scaleSetName = scaleSetName;
        _table = table;
        _gate = gate;
        _pass = pass;
    }

    /// <summary>Loads the saved state into the parts once; returns false when the pass must not act (loading failed).</summary>
    public async Task<bool> LoadAsync(RepairPlanner repairs, UpgradePlanner upgrades, CancellationToken ct)
    {
        if (_loaded || _store is null)
        {
            return true;
        }

        ControllerState? state;
        try
        {
            state = await _store.LoadAsync(_scaleSetName, ct).ConfigureAwait(false);
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
            if (state is not null)
            {
                Restore(state, repairs, upgrades);
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

        ControllerState state;
        using (_gate.Enter())
        {
            state = Capture(repairs, upgrades);
            if (state.SameAs(_saved))
            {
                return;
            }
        }

        try
        {
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

    private void Restore(ControllerState state, RepairPlanner repairs, UpgradePlanner upgrades)
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

        // Applied when this controller removes the same instance; dropped when it puts the instance back in service.
        var removals = 0;
        foreach (var removal in state.Removals ?? [])
        {
            if (_table.TryGet(removal.InstanceId, out var t))
            {
                removals += t.RestoredRemoval is null ? 1 : 0;
                t.RestoredRemoval = removal;
            }
        }

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
        };

    /// <summary>The progress of every removal under way, and restored progress this controller has not yet acted on.</summary>
    private List<RemovalProgress> RemovalsToSave()
    {
        var removals = new List<RemovalProgress>();
        foreach (var t in _table.All)
        {
            if (t.IsRemoving && (t.DrainStartedAt is not null || t.TerminateNotBefore is not null))
            {
                removals.Add(new RemovalProgress(t.Id, t.DrainStartedAt, t.TerminateNotBefore, t.TerminateApproved));
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
