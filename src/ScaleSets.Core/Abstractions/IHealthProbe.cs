namespace ScaleSets.Abstractions;

/// <summary>
/// Probes an instance's address (HTTP, TCP) in addition to the health its provider reports; an instance is healthy only
/// when both agree. Probes must not throw for an unreachable instance: they return an unhealthy result.
/// </summary>
public interface IHealthProbe
{
    /// <summary>Probes <paramref name="address"/>.</summary>
    /// <param name="address">The instance's network address (IP or host name, without port).</param>
    /// <param name="cancellationToken">Cancels the probe.</param>
    /// <returns>The outcome.</returns>
    Task<HealthProbeResult> ProbeAsync(string address, CancellationToken cancellationToken);
}
