using ScaleSets.HAProxy.Runtime;
using ScaleSets.Sources;

namespace ScaleSets.HAProxy.Metrics;

/// <summary>Options of an HAProxy metric source (<see cref="HAProxyMetrics.CreateSource(HAProxyMetricsOptions, TimeProvider?)"/>): which Runtime API socket and backend it reads.</summary>
public sealed class HAProxyMetricsOptions
{
    /// <summary>Gets or sets the Runtime API address: an absolute unix socket path or an IP address and port, as <see cref="HAProxyLoadBalancerOptions.SocketAddress"/>.</summary>
    /// <value>The default is <c>/run/haproxy/admin.sock</c>. Reading statistics needs no more than <c>level operator</c>.</value>
    public string SocketAddress { get; set; } = "/run/haproxy/admin.sock";

    /// <summary>Gets or sets a value indicating whether a TCP <see cref="SocketAddress"/> may be a non-loopback address.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool AllowNonLoopbackSocket { get; set; }

    /// <summary>Gets or sets the backend to read; its row gives the set-level metrics and its managed servers the per-instance ones.</summary>
    /// <value>The default is <see langword="null"/>; required. Letters, digits, '.', '-' and '_' only.</value>
    public string? BackendName { get; set; }

    /// <summary>
    /// Gets or sets the prefix the load balancer adapter puts before an instance id to name its server
    /// (<see cref="HAProxyLoadBalancerOptions.ServerNamePrefix"/>): a server named prefix + id reports for instance id; other
    /// servers (the static ones of the configuration file, whose ids are below the adapter's band) count only in the backend's totals.
    /// </summary>
    /// <value>The default is <c>ss-</c>, the adapter's default. 1 to 32 letters, digits, '.', '-' and '_'.</value>
    public string ServerNamePrefix { get; set; } = "ss-";

    /// <summary>Gets the polling options: interval, timeout of one attempt (also the socket's timeout) and retries.</summary>
    public PolledMetricSourceOptions Polling { get; } = new();

    /// <summary>Gets the source's name in events and explanations: <c>haproxy &lt;backend&gt;</c>.</summary>
    public string SourceName => "haproxy " + BackendName;

    /// <summary>Returns every problem with these options, each starting with <paramref name="path"/> and the option's name.</summary>
    /// <param name="path">Where the options come from, for example <c>ScaleSets:web:Sources:0</c>.</param>
    /// <returns>The problems; empty when the options are valid.</returns>
    public IReadOnlyList<string> Validate(string path = nameof(HAProxyMetricsOptions))
    {
        var errors = new List<string>();
        if (string.IsNullOrEmpty(SocketAddress))
        {
            errors.Add($"{path}:{nameof(SocketAddress)}: is required (a unix socket path or IP:port).");
        }
        else if (!RuntimeEndpoint.TryParse(SocketAddress, AllowNonLoopbackSocket, out _, out var socketError))
        {
            errors.Add($"{path}:{nameof(SocketAddress)}: {socketError}");
        }

        if (BackendName is null)
        {
            errors.Add($"{path}:{nameof(BackendName)}: is required (the HAProxy backend to read).");
        }
        else if (!RuntimeInput.TryValidateName(BackendName, out var backendError))
        {
            errors.Add($"{path}:{nameof(BackendName)}: {backendError}");
        }

        if (!RuntimeInput.TryValidateName(ServerNamePrefix, out var prefixError))
        {
            errors.Add($"{path}:{nameof(ServerNamePrefix)}: {prefixError}");
        }
        else if (ServerNamePrefix.Length > HAProxyLoadBalancerOptions.MaxServerNamePrefixLength)
        {
            errors.Add($"{path}:{nameof(ServerNamePrefix)}: is {ServerNamePrefix.Length} characters long; at most {HAProxyLoadBalancerOptions.MaxServerNamePrefixLength}.");
        }

        errors.AddRange(Polling.Validate(path));
        return errors;
    }

    /// <summary>Takes the socket, backend and server name prefix of a load balancer adapter, so both read the same servers.</summary>
    /// <param name="loadBalancer">The adapter's options.</param>
    /// <returns>These options.</returns>
    public HAProxyMetricsOptions UseLoadBalancer(HAProxyLoadBalancerOptions loadBalancer)
    {
        ArgumentNullException.ThrowIfNull(loadBalancer);
        SocketAddress = loadBalancer.SocketAddress;
        AllowNonLoopbackSocket = loadBalancer.AllowNonLoopbackSocket;
        BackendName = loadBalancer.BackendName ?? BackendName;
        ServerNamePrefix = loadBalancer.ServerNamePrefix;
        return this;
    }
}
