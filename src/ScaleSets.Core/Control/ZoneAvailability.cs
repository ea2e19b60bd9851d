namespace ScaleSets.Control;

/// <summary>
/// Which zones recently failed a create as unavailable: such a zone takes no instance until
/// <see cref="ScaleSetControllerOptions.ZoneRetryInterval"/> has passed, and a create that succeeds there clears it.
/// </summary>
internal sealed class ZoneAvailability
{
    private readonly Dictionary<string, DateTimeOffset> _blockedUntil = new(StringComparer.Ordinal);
    private readonly string[] _zones;
    private readonly TimeSpan _retryInterval;

    public ZoneAvailability(string[] zones, TimeSpan retryInterval)
    {
        _zones = zones;
        _retryInterval = retryInterval;
    }

    public IReadOnlyList<string> Zones => _zones;

    public bool IsBlocked(string zone, DateTimeOffset now) => _blockedUntil.TryGetValue(zone, out var until) && until > now;

    /// <summary>Whether any configured zone is blocked now.</summary>
    public bool AnyBlocked(DateTimeOffset now) => _zones.Any(z => IsBlocked(z, now));

    /// <summary>Whether a configured zone's last create failed as unavailable (blocked now or not).</summary>
    public bool AnyFailed => _zones.Any(_blockedUntil.ContainsKey);

    /// <summary>Whether a zone's last create failed as unavailable and its retry interval has passed.</summary>
    public bool HasFailed(string zone) => _blockedUntil.ContainsKey(zone);

    /// <summary>Whether a failed zone may be tried again now (its outage may be over).</summary>
    public bool AnyDueForRetry(DateTimeOffset now) => _blockedUntil.Any(kv => kv.Value <= now);

    public void CreateFailed(string zone, DateTimeOffset now) => _blockedUntil[zone] = now + _retryInterval;

    public void CreateSucceeded(string zone) => _blockedUntil.Remove(zone);
}
