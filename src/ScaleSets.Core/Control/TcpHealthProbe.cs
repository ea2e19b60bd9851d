using System.Globalization;
using System.Net.Sockets;
using ScaleSets.Abstractions;

namespace ScaleSets.Control;

/// <summary>
/// Probes an instance by opening a TCP connection; healthy when the connection is accepted within the timeout. The port is
/// the instance's own when its address carries one (<c>10.0.0.5:8080</c>), the probe's otherwise.
/// </summary>
public sealed class TcpHealthProbe : IHealthProbe
{
    private readonly int _port;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;

    /// <summary>Initializes a new instance of the <see cref="TcpHealthProbe"/> class.</summary>
    /// <param name="port">The port, 1 to 65535, for instances whose address has none.</param>
    /// <param name="timeout">How long a connect may take; positive.</param>
    /// <param name="timeProvider">The clock the timeout runs on; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    public TcpHealthProbe(int port, TimeSpan timeout, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        _port = port;
        _timeout = timeout;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public async Task<HealthProbeResult> ProbeAsync(string address, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(address);
        if (!InstanceEndpoint.TryResolve(address, _port, out var host, out var port, out var problem))
        {
            return new HealthProbeResult(false, "tcp: " + problem);
        }

        var endpoint = string.Create(CultureInfo.InvariantCulture, $"{(host.Contains(':', StringComparison.Ordinal) ? "[" + host + "]" : host)}:{port}");
        using var timeout = new CancellationTokenSource(_timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(host, port, linked.Token).ConfigureAwait(false);
            return new HealthProbeResult(true, $"tcp {endpoint} accepted");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthProbeResult(false, string.Create(CultureInfo.InvariantCulture, $"tcp {endpoint}: no answer within {_timeout.TotalSeconds:0.###} s"));
        }
        catch (SocketException ex)
        {
            return new HealthProbeResult(false, $"tcp {endpoint}: {ex.SocketErrorCode}");
        }
    }
}
