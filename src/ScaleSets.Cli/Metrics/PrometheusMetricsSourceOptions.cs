using System.CommandLine;
using ScaleSets.Cli.Commands;
using ScaleSets.Metrics;
using ScaleSets.Prometheus;
using ScaleSets.Sources;

namespace ScaleSets.Cli.Metrics;

/// <summary>
/// <c>--prometheus URL --query NAME=PROMQL [--query NAME=PROMQL…] [--instance-label LABEL] [--query-source KIND]</c>: one
/// Prometheus source running every query at each poll. A series' instance is its label's value as it is (the recording
/// knows no instance list to match addresses against); a scalar or a series without the label is a set-level sample.
/// </summary>
internal sealed class PrometheusMetricsSourceOptions : IMetricsSourceOptions
{
    private readonly Option<string?> _server = new("--prometheus") { Description = "A Prometheus server's address, for example http://127.0.0.1:9090/. Read with PromQL instant queries (/api/v1/query)." };
    private readonly Option<string[]> _queries = new("--query") { Description = "A metric to read (with --prometheus): NAME=PROMQL, the metric name rules read and its PromQL expression; repeat for several." };
    private readonly Option<string> _label = new("--instance-label") { Description = "The label that names a series' instance (instance, pod, host, …).", DefaultValueFactory = _ => "instance" };
    private readonly Option<MetricSourceKind> _kind = new("--query-source") { Description = "The source kind the Prometheus samples carry: Guest (node_exporter inside an instance), Application, Host or Custom.", DefaultValueFactory = _ => MetricSourceKind.Guest };

    public IEnumerable<Option> Options => [_server, _queries, _label, _kind];

    public IReadOnlyList<RecordedSource> Create(ParseResult parse, PolledMetricSourceOptions polling, TimeProvider time)
    {
        var server = parse.GetValue(_server);
        var queries = parse.GetValue(_queries) ?? [];
        if (server is null)
        {
            return queries.Length == 0 ? [] : throw new CliError("--query: needs --prometheus URL to say which Prometheus to ask");
        }

        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri))
        {
            throw new CliError($"--prometheus: '{server}' is not an absolute address; use one such as http://127.0.0.1:9090/");
        }

        if (queries.Length == 0)
        {
            throw new CliError("--prometheus: needs --query NAME=PROMQL, a metric to read");
        }

        var options = new PrometheusMetricsOptions { ServerUri = uri, InstanceLabel = parse.GetValue(_label)! };
        foreach (var query in queries)
        {
            var equals = query.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || string.IsNullOrWhiteSpace(query[..equals]) || string.IsNullOrWhiteSpace(query[(equals + 1)..]))
            {
                throw new CliError($"--query: '{query}' is not NAME=PROMQL (for example \"Percentage CPU=100 * (1 - avg by (instance) (rate(node_cpu_seconds_total{{mode='idle'}}[1m])))\")");
            }

            options.Queries.Add(new PrometheusQuery { Metric = query[..equals].Trim(), Query = query[(equals + 1)..], Source = parse.GetValue(_kind) });
        }

        options.Polling.Interval = polling.Interval;
        options.Polling.Timeout = polling.Timeout;
        options.Polling.MaxRetryAttempts = polling.MaxRetryAttempts;
        options.Polling.RetryDelay = polling.RetryDelay;
        var problems = options.Validate("Prometheus");
        if (problems.Count > 0)
        {
            throw new CliError(string.Join(" ", problems.Select(Rename)));
        }

        var source = new PrometheusMetricSource(options, httpClient: null, time);
        return [new RecordedSource(source, source.PollAsync, source)];
    }

    private static string Rename(string problem) => System.Text.RegularExpressions.Regex.Replace(
        problem
            .Replace("Prometheus:ServerUri", "--prometheus", StringComparison.Ordinal)
            .Replace("Prometheus:InstanceLabel", "--instance-label", StringComparison.Ordinal)
            .Replace("Prometheus:Polling:Interval", "--interval", StringComparison.Ordinal)
            .Replace("Prometheus:Polling:Timeout", "--timeout", StringComparison.Ordinal),
        @"Prometheus:Queries:(\d+)(:\w+)?",
        m => "--query #" + (int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
}
