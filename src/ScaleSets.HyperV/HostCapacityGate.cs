using System.Globalization;

namespace ScaleSets.HyperV;

/// <summary>
/// Remembers that the host ran out of memory, so creates and starts fail at once (as permanent, zone unavailable) instead of
/// starting PowerShell to fail again, until capacity changes: a VM of this provider is stopped or deleted, or
/// <see cref="HyperVProviderOptions.CapacityRetryInterval"/> passes on the injected clock (memory freed by others).
/// </summary>
internal sealed class HostCapacityGate
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _retryInterval;
    private readonly Lock _gate = new();
    private DateTimeOffset? _closedAt;
    private string? _reason;

    public HostCapacityGate(TimeProvider time, TimeSpan retryInterval)
    {
        _time = time;
        _retryInterval = retryInterval;
    }

    /// <summary>Returns <see langword="null"/> when creates and starts may go ahead, else why not.</summary>
    public string? Blocked()
    {
        lock (_gate)
        {
            if (_closedAt is not { } closedAt)
            {
                return null;
            }

            var reopen = closedAt + _retryInterval;
            if (_time.GetUtcNow() >= reopen)
            {
                _closedAt = null;
                return null;
            }

            return string.Create(CultureInfo.InvariantCulture, $"the Hyper-V host ran out of memory at {closedAt:O} ({_reason}); not tried again until a VM of this scale set is stopped or deleted, or until {reopen:O}");
        }
    }

    public void Close(string reason)
    {
        lock (_gate)
        {
            _closedAt = _time.GetUtcNow();
            _reason = reason;
        }
    }

    public void Open()
    {
        lock (_gate)
        {
            _closedAt = null;
        }
    }
}
