using System.Globalization;
using ScaleSets.Abstractions;

namespace ScaleSets.Control;

/// <summary>
/// Probes an instance with an HTTP GET; healthy on a 2xx answer within the timeout (Azure's application health extension).
/// The port is the instance's own when its address carries one (<c>127.0.0.1:5001</c>, <c>[fd00::5]:8080</c>), so a set
/// whose instances listen on ports of their own is probed where each listens; the probe's port otherwise.
/// </summary>
public sealed class HttpHealthProbe : IHealthProbe
{
    private readonly HttpClient _client;
    private readonly int _port;
    private readonly string _path;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;

    /// <summary>Initializes a new instance of the <see cref="HttpHealthProbe"/> class.</summary>
    /// <param name="client">The client to send probes with (owned by the caller).</param>
    /// <param name="port">The port, 1 to 65535, for instances whose address has none (<c>10.0.0.5</c>).</param>
    /// <param name="path">The path, starting with '/', for example <c>/healthz</c>.</param>
    /// <param name="timeout">How long a probe may take; positive.</param>
    /// <param name="timeProvider">The clock the timeout runs on; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    public HttpHealthProbe(HttpClient client, int port, string path, TimeSpan timeout, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!path.StartsWith('/'))
        {
            throw new ArgumentException($"The probe path '{path}' must start with '/'.", nameof(path));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        _client = client;
        _port = port;
        _path = path;
        _timeout = timeout;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public async Task<HealthProbeResult> ProbeAsync(string address, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(address);
        if (!InstanceEndpoint.TryResolve(address, _port, out var host, out var port, out var problem))
        {
            return new HealthProbeResult(false, "GET: " + problem);
        }

        Uri uri;
        try
        {
            uri = new UriBuilder(Uri.UriSchemeHttp, host, port, _path).Uri;
        }
        catch (UriFormatException ex)
        {
            return new HealthProbeResult(false, $"GET: address '{address}' is not a host name or IP address ({ex.Message})");
        }

        using var timeout = new CancellationTokenSource(_timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await _client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            var code = (int)response.StatusCode;
            return new HealthProbeResult(response.IsSuccessStatusCode, string.Create(CultureInfo.InvariantCulture, $"GET {uri} -> {code}"));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthProbeResult(false, string.Create(CultureInfo.InvariantCulture, $"GET {uri}: no answer within {_timeout.TotalSeconds:0.###} s"));
        }
        catch (HttpRequestException ex)
        {
            return new HealthProbeResult(false, $"GET {uri}: {ex.Message}");
        }
    }
}
