namespace ScaleSets.HAProxy.Metrics;

/// <summary>
/// The names of the metrics an HAProxy source reports (source kind <see cref="ScaleSets.Metrics.MetricSourceKind.Application"/>).
/// The backend's row gives the set-level series (no instance), named as the simulator and the sample settings name them
/// (<c>Requests per second</c> is the simulator's request rate); each managed server's row gives the per-instance series,
/// named <c>Server …</c> so that a rule never mixes the two.
/// </summary>
public static class HAProxyMetricNames
{
    /// <summary>Requests per second through the backend (rate of <c>req_tot</c>; set-level).</summary>
    public const string RequestsPerSecond = "Requests per second";

    /// <summary>New sessions per second on the backend (rate of <c>stot</c>; set-level).</summary>
    public const string SessionsPerSecond = "Sessions per second";

    /// <summary>The backend's current sessions (<c>scur</c>; set-level).</summary>
    public const string CurrentSessions = "Current sessions";

    /// <summary>Requests queued in the backend, not yet given to a server (<c>qcur</c>; set-level).</summary>
    public const string QueuedRequests = "Queued requests";

    /// <summary>The backend's average response time in milliseconds over its last 1024 requests (<c>rtime</c>; set-level).</summary>
    public const string ResponseTime = "Response time";

    /// <summary>The backend's average total session time in milliseconds over its last 1024 requests (<c>ttime</c>; set-level).</summary>
    public const string TotalTime = "Total time";

    /// <summary>HTTP responses with a 5xx status per second from the backend (rate of <c>hrsp_5xx</c>; set-level, HTTP mode only).</summary>
    public const string ServerErrorsPerSecond = "5xx responses per second";

    /// <summary>Requests per second to one server (rate of <c>req_tot</c>; per instance).</summary>
    public const string ServerRequestsPerSecond = "Server requests per second";

    /// <summary>New sessions per second on one server (rate of <c>stot</c>; per instance).</summary>
    public const string ServerSessionsPerSecond = "Server sessions per second";

    /// <summary>One server's current sessions (<c>scur</c>; per instance).</summary>
    public const string ServerCurrentSessions = "Server current sessions";

    /// <summary>Requests queued for one server (<c>qcur</c>; per instance).</summary>
    public const string ServerQueuedRequests = "Server queued requests";

    /// <summary>One server's average response time in milliseconds over its last 1024 requests (<c>rtime</c>; per instance).</summary>
    public const string ServerResponseTime = "Server response time";

    /// <summary>One server's average total session time in milliseconds over its last 1024 requests (<c>ttime</c>; per instance).</summary>
    public const string ServerTotalTime = "Server total time";

    /// <summary>HTTP responses with a 5xx status per second from one server (rate of <c>hrsp_5xx</c>; per instance, HTTP mode only).</summary>
    public const string ServerServerErrorsPerSecond = "Server 5xx responses per second";
}
