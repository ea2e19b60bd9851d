namespace ScaleSets.Abstractions;

/// <summary>
/// Probes an instance's address (HTTP, TCP) in addition to the health its provider reports; an instance is healthy only
/// when both agree. Probes must not throw for an unreachable instance: they return an unhealthy result.
/// </summary>
public interface IHealthProbe
{
    /// <summary>Probes <paramref name="address"/>.</summary>
    /// <param name="address">
    /// The instance's network address as its compute provider reports it (<see cref="InstanceInfo.Address"/>): an IP or host
    /// name, with <c>:port</c> when the instance listens on a port of its own (<c>127.0.0.1:5001</c>, <c>[fd00::5]:8080</c>).
    /// The shipped probes use that port, and their own when the address has none.
    /// </param>
    /// <param name="cancellationToken">Cancels the probe.</param>
    /// <returns>The outcome.</returns>
    Task<HealthProbeResult> ProbeAsync(string address, CancellationToken cancellationToken);
}
