using System.Text;
using ScaleSets.HAProxy.Runtime;

namespace ScaleSets.HAProxy;

/// <summary>Renders the HAProxy configuration the adapter needs, so the backend and the options cannot drift apart.</summary>
public static class HAProxyBackendConfig
{
    /// <summary>
    /// Renders a <c>backend</c> section for servers added at runtime: a dynamic algorithm (<c>balance roundrobin</c>), the
    /// health check the options describe (servers added at runtime take the check type from the backend), and
    /// <c>option redispatch</c> with <c>retries</c> so a request whose server just left is sent to another.
    /// </summary>
    /// <param name="options">The adapter's options.</param>
    /// <param name="backendName">The backend name.</param>
    /// <returns>The section text, lines ending with '\n'.</returns>
    /// <exception cref="ArgumentException">The options or the name are invalid.</exception>
    public static string RenderBackend(HAProxyLoadBalancerOptions options, string backendName)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        RuntimeInput.RequireName(backendName, "backend name", nameof(backendName));
        var sb = new StringBuilder();
        sb.Append("backend ").Append(backendName).Append('\n');
        sb.Append("  mode http\n");
        sb.Append("  balance roundrobin\n");
        if (options.HealthCheckPath is { } path)
        {
            sb.Append("  option httpchk GET ").Append(path).Append('\n');
        }

        sb.Append("  option redispatch\n");
        sb.Append("  retries 3\n");
        return sb.ToString();
    }

    /// <summary>Renders the <c>stats socket</c> line of the <c>global</c> section for a unix socket path (mode 600, level admin).</summary>
    /// <param name="unixSocketPath">An absolute path of at most <see cref="HAProxyLoadBalancerOptions.MaxUnixSocketPathLength"/> characters.</param>
    /// <returns>The line, ending with '\n'.</returns>
    /// <exception cref="ArgumentException">The path is not absolute, too long, or holds control characters or spaces.</exception>
    public static string RenderStatsSocket(string unixSocketPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(unixSocketPath);
        if (!unixSocketPath.StartsWith('/') || unixSocketPath.Any(c => c <= ' ' || c == '\u007F')
            || !RuntimeEndpoint.TryParse(unixSocketPath, allowNonLoopback: false, out _, out _))
        {
            throw new ArgumentException($"'{RuntimeInput.Describe(unixSocketPath)}' is not an absolute unix socket path of at most {HAProxyLoadBalancerOptions.MaxUnixSocketPathLength} characters without spaces.", nameof(unixSocketPath));
        }

        return "  stats socket " + unixSocketPath + " mode 600 level admin\n";
    }
}
