using System.Globalization;
using ScaleSets.HAProxy.Runtime;

namespace ScaleSets.HAProxy;

/// <summary>Options of the <see cref="HAProxyLoadBalancer"/>: where HAProxy's Runtime API listens, which backend it manages and how its servers are checked.</summary>
public sealed class HAProxyLoadBalancerOptions
{
    /// <summary>The longest unix socket path HAProxy binds: <c>sun_path</c> holds 108 bytes and HAProxy needs room for a temporary suffix.</summary>
    public const int MaxUnixSocketPathLength = RuntimeEndpoint.MaxUnixSocketPathLength;

    /// <summary>The longest <see cref="ServerNamePrefix"/>: a server name is the prefix and an instance id, at most 100 characters in all.</summary>
    public const int MaxServerNamePrefixLength = 32;

    /// <summary>Gets or sets the Runtime API address: an absolute unix socket path (<c>/run/haproxy/admin.sock</c>) or an IP address and port (<c>127.0.0.1:9999</c>, <c>[::1]:9999</c>).</summary>
    /// <value>The default is <c>/run/haproxy/admin.sock</c>. The socket must be declared with <c>level admin</c>; a unix path is at most 97 characters.</value>
    public string SocketAddress { get; set; } = "/run/haproxy/admin.sock";

    /// <summary>Gets or sets a value indicating whether a TCP <see cref="SocketAddress"/> may be a non-loopback address.</summary>
    /// <value>The default is <see langword="false"/>: the admin socket controls the whole load balancer and must stay on loopback or a unix socket.</value>
    public bool AllowNonLoopbackSocket { get; set; }

    /// <summary>Gets or sets the backend every pool maps to, or <see langword="null"/> to use the pool name as the backend name.</summary>
    /// <value>The default is <see langword="null"/>. Letters, digits, '.', '-' and '_' only.</value>
    public string? BackendName { get; set; }

    /// <summary>
    /// Gets or sets the prefix of the server names this adapter creates (prefix + instance id). The adapter also gives each of
    /// its servers a numeric id of 1,000,000,000 or more (<c>add server … id N</c>): only servers with both the prefix and such
    /// an id are listed, changed or deleted, so the static servers of the configuration file are never touched, whatever their names.
    /// </summary>
    /// <value>The default is <c>ss-</c>. 1 to 32 letters, digits, '.', '-' and '_'.</value>
    public string ServerNamePrefix { get; set; } = "ss-";

    /// <summary>Gets or sets the port used for an instance address that names no port.</summary>
    /// <value>The default is 80. Allowed: 1 to 65535.</value>
    public int DefaultServerPort { get; set; } = 80;

    /// <summary>Gets or sets the weight every server is added with (HAProxy's absolute weight, not a percentage).</summary>
    /// <value>The default is 100. Allowed: 1 to 256.</value>
    public int Weight { get; set; } = 100;

    /// <summary>Gets or sets the HTTP path the backend's health check requests, used by <see cref="HAProxyBackendConfig"/> to render <c>option httpchk</c>; <see langword="null"/> for TCP connect checks. Dynamic servers take the check type from the backend, so the backend in HAProxy's configuration must match.</summary>
    /// <value>The default is <c>/health</c>. Starts with '/', visible ASCII only.</value>
    public string? HealthCheckPath { get; set; } = "/health";

    /// <summary>Gets or sets the interval between health checks (<c>inter</c>, <c>fastinter</c> and <c>downinter</c>).</summary>
    /// <value>The default is two seconds. Allowed: 10 ms to 1 hour, whole milliseconds.</value>
    public TimeSpan HealthCheckInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets how many consecutive passing checks mark a server up (<c>rise</c>).</summary>
    /// <value>The default is 2. Allowed: 1 to 100.</value>
    public int HealthCheckRise { get; set; } = 2;

    /// <summary>Gets or sets how many consecutive failing checks mark a server down (<c>fall</c>).</summary>
    /// <value>The default is 3. Allowed: 1 to 100.</value>
    public int HealthCheckFall { get; set; } = 3;

    /// <summary>Gets or sets how long one Runtime API command (connect, send, read the answer) may take.</summary>
    /// <value>The default is five seconds. Allowed: 1 ms to 5 minutes.</value>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gets or sets how many times a command that failed transiently (socket refused or missing while HAProxy restarts, timeout) is
    /// retried inside one call. A <c>ScaleSetController</c> retries every load balancer call itself, so under it leave this at 0;
    /// set it when the adapter is called directly.
    /// </summary>
    /// <value>The default is 0: a transient failure is reported to the caller at once. Allowed: 0 to 20.</value>
    public int MaxRetryAttempts { get; set; }

    /// <summary>Gets or sets the delay before the first retry; each further retry waits twice as long.</summary>
    /// <value>The default is 200 ms. Allowed: 0 to 1 minute.</value>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Gets or sets how long <see cref="HAProxyLoadBalancer.RemoveAsync"/> waits for the current sessions of a server it sets
    /// draining itself to reach zero before it cuts them; a server already draining (the caller drained it and waited) is
    /// removed at once.
    /// </summary>
    /// <value>The default is 30 seconds. Allowed: 0 to 1 hour.</value>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how often a drain polls <c>show stat</c> for the server's current sessions.</summary>
    /// <value>The default is 250 ms. Allowed: 1 ms to 1 minute.</value>
    public TimeSpan DrainPollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Returns every problem with these options, each naming the option.</summary>
    /// <returns>The problems; empty when the options are valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrEmpty(SocketAddress))
        {
            errors.Add("HAProxyLoadBalancerOptions.SocketAddress: is required (a unix socket path or IP:port).");
        }
        else if (!RuntimeEndpoint.TryParse(SocketAddress, AllowNonLoopbackSocket, out _, out var socketError))
        {
            errors.Add("HAProxyLoadBalancerOptions.SocketAddress: " + socketError);
        }

        if (BackendName is not null && !RuntimeInput.TryValidateName(BackendName, out var backendError))
        {
            errors.Add("HAProxyLoadBalancerOptions.BackendName: " + backendError);
        }

        if (string.IsNullOrEmpty(ServerNamePrefix))
        {
            errors.Add("HAProxyLoadBalancerOptions.ServerNamePrefix: is empty; the adapter needs a prefix of its own (such as 'ss-') to name its servers.");
        }
        else if (ServerNamePrefix.Length > MaxServerNamePrefixLength)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"HAProxyLoadBalancerOptions.ServerNamePrefix: is {ServerNamePrefix.Length} characters long; at most {MaxServerNamePrefixLength} leave room for the instance ids in the {RuntimeInput.MaxNameLength}-character server names."));
        }
        else if (!RuntimeInput.TryValidateName(ServerNamePrefix, out var prefixError))
        {
            errors.Add("HAProxyLoadBalancerOptions.ServerNamePrefix: " + prefixError);
        }

        CheckRange(errors, nameof(DefaultServerPort), DefaultServerPort, 1, 65535);
        CheckRange(errors, nameof(Weight), Weight, 1, 256);
        if (HealthCheckPath is not null && (HealthCheckPath.Length == 0 || HealthCheckPath[0] != '/' || HealthCheckPath.Any(c => c <= ' ' || c > '~')))
        {
            errors.Add("HAProxyLoadBalancerOptions.HealthCheckPath: must start with '/' and hold visible ASCII characters only (no spaces or control characters).");
        }

        CheckRange(errors, nameof(HealthCheckInterval), HealthCheckInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1));
        if (HealthCheckInterval.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            errors.Add("HAProxyLoadBalancerOptions.HealthCheckInterval: must be whole milliseconds.");
        }

        CheckRange(errors, nameof(HealthCheckRise), HealthCheckRise, 1, 100);
        CheckRange(errors, nameof(HealthCheckFall), HealthCheckFall, 1, 100);
        CheckRange(errors, nameof(CommandTimeout), CommandTimeout, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(5));
        CheckRange(errors, nameof(MaxRetryAttempts), MaxRetryAttempts, 0, 20);
        CheckRange(errors, nameof(RetryDelay), RetryDelay, TimeSpan.Zero, TimeSpan.FromMinutes(1));
        CheckRange(errors, nameof(DrainTimeout), DrainTimeout, TimeSpan.Zero, TimeSpan.FromHours(1));
        CheckRange(errors, nameof(DrainPollInterval), DrainPollInterval, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(1));
        return errors;
    }

    /// <summary>Throws when <see cref="Validate"/> reports problems.</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public void ThrowIfInvalid()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid HAProxy load balancer options:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
        }
    }

    private static void CheckRange(List<string> errors, string name, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"HAProxyLoadBalancerOptions.{name}: {value} is out of range; allowed {min} to {max}."));
        }
    }

    private static void CheckRange(List<string> errors, string name, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"HAProxyLoadBalancerOptions.{name}: {value:c} is out of range; allowed {min:c} to {max:c}."));
        }
    }
}
