using System.Globalization;

namespace ScaleSets.Control;

/// <summary>
/// Holds the scale set's lease when the state store gives sets an owner (<see cref="IControllerLeaseStore"/>): takes or
/// renews it before every pass, so a second controller on the same set and store does not act and says who holds it;
/// takes over when the holder's lease expires; gives the lease up when the controller's loop stops.
/// </summary>
internal sealed class ControllerLeaseKeeper
{
    private readonly IControllerLeaseStore? _leases;
    private readonly string _scaleSetName;
    private readonly ControllerGate _gate;
    private readonly PassCounters _pass;
    private readonly string _holder = string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}/pid {Environment.ProcessId}/{Guid.NewGuid():N}");
    private string? _heldBy;

    public ControllerLeaseKeeper(IControllerStateStore? store, string scaleSetName, ControllerGate gate, PassCounters pass)
    {
        _leases = store as IControllerLeaseStore;
        _scaleSetName = scaleSetName;
        _gate = gate;
        _pass = pass;
    }

    /// <summary>
    /// Takes or renews the lease; returns false when this controller must not act this pass (another holds the lease, or
    /// the lease could not be read). TakenOver is set when the lease was just taken from another holder,
    /// whose saved state must then be read again.
    /// </summary>
    public async Task<(bool MayAct, bool TakenOver)> HoldAsync(CancellationToken ct)
    {
        if (_leases is null)
        {
            return (true, false);
        }

        ControllerLease lease;
        try
        {
            lease = await _leases.AcquireAsync(_scaleSetName, _holder, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            using (_gate.Enter())
            {
                _pass.Failures++;
                _gate.Emit(ControllerEventKind.Error, null, null, "taking the scale set's lease failed; nothing changed this pass, since another controller may hold it: " + ex.Message);
            }

            return (false, false);
        }

        using (_gate.Enter())
        {
            if (lease.Acquired)
            {
                var takenOver = _heldBy is not null;
                if (takenOver)
                {
                    _gate.Emit(ControllerEventKind.LeaseAcquired, null, null, $"this controller ({_holder}) took the lease of scale set '{_scaleSetName}' from {_heldBy} and manages it from now on");
                    _heldBy = null;
                }

                return (true, takenOver);
            }

            if (!string.Equals(_heldBy, lease.Holder, StringComparison.Ordinal))
            {
                _heldBy = lease.Holder;
                _gate.Emit(ControllerEventKind.LeaseHeldElsewhere, null, null, string.Create(CultureInfo.InvariantCulture, $"scale set '{_scaleSetName}' is managed by {lease.Holder} (lease until {lease.ExpiresAt:yyyy-MM-ddTHH:mm:ssZ}); this controller ({_holder}) does not act, and takes over if the lease expires"));
            }

            return (false, false);
        }
    }

    /// <summary>Gives the lease up, so a standby controller takes over at once instead of at the lease's expiry.</summary>
    public async Task ReleaseAsync()
    {
        if (_leases is null)
        {
            return;
        }

        try
        {
            await _leases.ReleaseAsync(_scaleSetName, _holder, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Stopping must not fail over the lease; it then expires on its own.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            using (_gate.Enter())
            {
                _gate.Emit(ControllerEventKind.Error, null, null, "releasing the scale set's lease failed; it expires on its own: " + ex.Message);
            }
        }
    }
}
