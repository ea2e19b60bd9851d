using ScaleSets.HAProxy.Runtime;
using ScaleSets.Sources;

namespace ScaleSets.HAProxy.Metrics;

/// <summary>
/// Creates metric sources that read an HAProxy backend through the Runtime API: one <c>show info;show stat &lt;backend&gt; 6 -1</c>
/// per poll, the backend's row as set-level samples and each managed server's row as samples of its instance (names in
/// <see cref="HAProxyMetricNames"/>).
/// </summary>
public static class HAProxyMetrics
{
    /// <summary>Creates a polled source over one backend; polling starts when the first observer subscribes.</summary>
    /// <param name="options">The options; validated here.</param>
    /// <param name="timeProvider">The clock of the polls and of the socket's timeout; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <returns>The source, named <see cref="HAProxyMetricsOptions.SourceName"/>; dispose it to stop polling.</returns>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public static PolledMetricSource CreateSource(HAProxyMetricsOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid HAProxy metrics options:" + Environment.NewLine + string.Join(Environment.NewLine, errors), nameof(options));
        }

        var time = timeProvider ?? TimeProvider.System;
        RuntimeEndpoint.TryParse(options.SocketAddress, options.AllowNonLoopbackSocket, out var endpoint, out _);
        var api = new SocketRuntimeApi(endpoint!, options.Polling.Timeout, time);
        return CreateSource(options, api, time);
    }

    internal static PolledMetricSource CreateSource(HAProxyMetricsOptions options, IRuntimeApi api, TimeProvider time)
    {
        var poller = new HAProxyStatPoller(api, options.BackendName!, new ServerNaming(options.ServerNamePrefix), options.SourceName);
        return new PolledMetricSource(options.SourceName, poller, options.Polling, time);
    }
}
