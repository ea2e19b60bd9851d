using System.CommandLine;
using ScaleSets.Cli.Commands;
using ScaleSets.HAProxy.Metrics;
using ScaleSets.Sources;

namespace ScaleSets.Cli.Metrics;

/// <summary><c>--haproxy SOCKET --backend NAME [--backend NAME…] [--server-prefix PREFIX]</c>: one HAProxy source per backend.</summary>
internal sealed class HAProxyMetricsSourceOptions : IMetricsSourceOptions
{
    private readonly Option<string?> _socket = new("--haproxy") { Description = "HAProxy's Runtime API socket: a unix socket path or 127.0.0.1:PORT. Read with 'show stat'." };
    private readonly Option<string[]> _backends = new("--backend") { Description = "An HAProxy backend to read (with --haproxy); repeat for several.", AllowMultipleArgumentsPerToken = true };
    private readonly Option<string> _prefix = new("--server-prefix") { Description = "The prefix before an instance id in the server names (the adapter's ServerNamePrefix).", DefaultValueFactory = _ => "ss-" };

    public IEnumerable<Option> Options => [_socket, _backends, _prefix];

    public IReadOnlyList<RecordedSource> Create(ParseResult parse, PolledMetricSourceOptions polling, TimeProvider time)
    {
        var socket = parse.GetValue(_socket);
        var backends = parse.GetValue(_backends) ?? [];
        if (socket is null)
        {
            return backends.Length == 0 ? [] : throw new CliError("--backend: needs --haproxy SOCKET to say where HAProxy's Runtime API listens");
        }

        if (backends.Length == 0)
        {
            throw new CliError("--haproxy: needs --backend NAME, the backend to read");
        }

        // Every backend's options are checked before any source is made, so a bad later --backend leaves nothing to dispose.
        var checkedOptions = new List<HAProxyMetricsOptions>();
        foreach (var backend in backends.Distinct(StringComparer.Ordinal))
        {
            var options = new HAProxyMetricsOptions { SocketAddress = socket, BackendName = backend, ServerNamePrefix = parse.GetValue(_prefix)! };
            options.Polling.Interval = polling.Interval;
            options.Polling.Timeout = polling.Timeout;
            options.Polling.MaxRetryAttempts = polling.MaxRetryAttempts;
            options.Polling.RetryDelay = polling.RetryDelay;
            var problems = options.Validate("HAProxy");
            if (problems.Count > 0)
            {
                throw new CliError(string.Join("; ", problems.Select(Rename)));
            }

            checkedOptions.Add(options);
        }

        return [.. checkedOptions.Select(options => RecordedSource.Of(HAProxyMetrics.CreateSource(options, time)))];
    }

    private static string Rename(string problem) => problem
        .Replace("HAProxy:SocketAddress", "--haproxy", StringComparison.Ordinal)
        .Replace("HAProxy:BackendName", "--backend", StringComparison.Ordinal)
        .Replace("HAProxy:ServerNamePrefix", "--server-prefix", StringComparison.Ordinal)
        .Replace("HAProxy:Interval", "--interval", StringComparison.Ordinal)
        .Replace("HAProxy:Timeout", "--timeout", StringComparison.Ordinal);
}
