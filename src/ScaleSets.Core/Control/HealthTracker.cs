using ScaleSets.Abstractions;

namespace ScaleSets.Control;

/// <summary>
/// Decides which instances are healthy: running, reported healthy by the provider, with an address, and passing the optional
/// <see cref="IHealthProbe"/>. Raises the health changes, starts warm-up when an instance first turns healthy (or after a
/// repair) and judges a pending repair a success when its instance turns healthy.
/// </summary>
internal sealed class HealthTracker
{
    private readonly InstanceTable _table;
    private readonly ControllerGate _gate;
    private readonly IHealthProbe? _probe;
    private readonly TimeSpan _warmup;

    public HealthTracker(InstanceTable table, ControllerGate gate, IHealthProbe? probe, TimeSpan warmup)
    {
        _table = table;
        _gate = gate;
        _probe = probe;
        _warmup = warmup;
    }

    /// <summary>Probes every instance the provider reports running and healthy, at most <paramref name="calls"/>' bound at once.</summary>
    public async Task ProbeAsync(ProviderCalls calls, CancellationToken ct)
    {
        if (_probe is null)
        {
            return;
        }

        List<(TrackedInstance T, string Address)> targets;
        using (_gate.Enter())
        {
            targets = [.. _table.All.Where(t => t.Info.State == InstanceState.Running && t.Info.Health == InstanceHealth.Healthy && t.Info.Address is not null).Select(t => (t, t.Info.Address!))];
        }

        await calls.ForEachAsync(
            targets,
            async (target, token) =>
            {
                HealthProbeResult result;
                try
                {
                    result = await _probe.ProbeAsync(target.Address, token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
                {
                    result = new HealthProbeResult(false, ex.Message);
                }

                using (_gate.Enter())
                {
                    target.T.ProbeHealthy = result.Healthy;
                    target.T.ProbeDetail = result.Detail;
                }
            },
            ct).ConfigureAwait(false);
    }

    /// <summary>Updates every instance's health; under the gate. Returns how many pending repairs succeeded.</summary>
    public int Update(DateTimeOffset now, RepairPlanner repairs)
    {
        var repaired = 0;
        foreach (var t in _table.All)
        {
            var healthy = IsHealthy(t);
            if (healthy && !t.Healthy)
            {
                repaired += TurnHealthy(t, now, repairs) ? 1 : 0;
            }
            else if (!healthy && t.Healthy)
            {
                t.Healthy = false;
                t.NotHealthySince = now;
                var why = _probe is not null && !t.ProbeHealthy ? "health probe: " + t.ProbeDetail : $"provider reports {t.Info.State}/{t.Info.Health}";
                _gate.Emit(ControllerEventKind.InstanceUnhealthy, t.Id, t.CauseId, $"{t.Info.Name} is unhealthy ({why})");
            }
            else if (!healthy)
            {
                t.NotHealthySince ??= now;
            }
        }

        return repaired;
    }

    private bool IsHealthy(TrackedInstance t) =>
        t.Info.State == InstanceState.Running
        && t.Info.Health == InstanceHealth.Healthy
        && t.Info.Address is not null
        && (_probe is null || t.ProbeHealthy);

    private bool TurnHealthy(TrackedInstance t, DateTimeOffset now, RepairPlanner repairs)
    {
        t.Healthy = true;
        t.NotHealthySince = null;
        if (!t.EverHealthy || t.RepairPending)
        {
            _gate.SetWarmingUp(t.Id, now + _warmup);
            t.WarmUntil = now + _warmup;
        }

        t.EverHealthy = true;
        _gate.Emit(ControllerEventKind.InstanceHealthy, t.Id, t.CauseId, $"{t.Info.Name} is healthy at {t.Info.Address}");
        if (!t.RepairPending)
        {
            return false;
        }

        t.RepairPending = false;
        repairs.RecordSuccess();
        _gate.Emit(ControllerEventKind.RepairSucceeded, t.Id, t.CauseId, $"repaired {t.Info.Name} is healthy");
        return true;
    }
}
