using System.Globalization;
using System.Text;
using ScaleSets.Abstractions;
using ScaleSets.Metrics;
using ScaleSets.Prometheus.Answers;
using ScaleSets.Prometheus.Http;
using ScaleSets.Sources;

namespace ScaleSets.Prometheus;

/// <summary>
/// One poll of Prometheus: every query of the options evaluated at the poll's time, each answer turned into samples.
/// Parts of an answer that cannot be used (a query Prometheus refused, NaN, a missing label, an unknown instance, two
/// series for one instance, an instance with no series) are problems; a poll where Prometheus cannot be reached, answers
/// garbage, or refuses every query fails and is retried by the <see cref="PolledMetricSource"/>.
/// </summary>
internal sealed class PrometheusPoller : IMetricPoller
{
    private readonly PrometheusMetricsOptions _options;
    private readonly PrometheusQueryClient _client;

    public PrometheusPoller(PrometheusMetricsOptions options, HttpClient client)
    {
        _options = options;
        _client = new PrometheusQueryClient(client, options.ServerUri!, options.MaxResponseBytes);
    }

    public async ValueTask<MetricPoll> PollAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        IReadOnlyList<InstanceInfo>? instances = null;
        if (_options.Instances is { } list)
        {
            try
            {
                instances = await list(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw new InvalidOperationException($"{_options.SourceName}: the scale set's instances could not be listed to match Prometheus series to them: {ex.Message}", ex);
            }
        }

        var map = InstanceMap.Create(_options.InstanceMatch, _options.InstanceTemplate, instances);
        var samples = new List<MetricSample>();
        var problems = new List<string>();
        var refused = new List<string>();
        foreach (var query in _options.Queries)
        {
            var answer = await _client.QueryAsync(query.Query, now, cancellationToken).ConfigureAwait(false);
            var before = problems.Count;
            Convert(query, answer, now, map, samples, problems);
            if (!answer.Success)
            {
                refused.Add(problems[before]);
            }
        }

        if (refused.Count == _options.Queries.Count)
        {
            throw new InvalidOperationException(string.Join(" ", refused));
        }

        return new MetricPoll(samples, problems);
    }

    /// <summary>Turns one answer into samples and problems.</summary>
    internal void Convert(PrometheusQuery query, PrometheusAnswer answer, DateTimeOffset now, InstanceMap map, List<MetricSample> samples, List<string> problems)
    {
        var what = $"{_options.SourceName}: metric '{query.Metric}' (query {query.Query})";
        if (!answer.Success)
        {
            problems.Add($"{what}: Prometheus refused the query ({answer.ErrorType ?? "error"}): {answer.Error ?? "no message"}");
            return;
        }

        foreach (var warning in answer.Warnings)
        {
            problems.Add($"{what}: Prometheus warns: {warning}");
        }

        var series = answer.Series;
        var label = query.InstanceLabel ?? _options.InstanceLabel;
        if (series.Count == 0 && !query.PerInstance)
        {
            problems.Add($"{what}: no series (nothing matched, or every series is stale)");
            return;
        }

        if (series.Count == 1 && (!query.PerInstance || !series[0].Labels.ContainsKey(label)))
        {
            // A scalar, an aggregate, or a set-level series such as a queue's length.
            AddSample(query, series[0], null, null, now, what, samples, problems);
            return;
        }

        if (!query.PerInstance)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{what}: {series.Count} series where one set-level value was expected; aggregate them (sum, avg, max…) or set PerInstance"));
            return;
        }

        var byInstance = new Dictionary<string, int>(series.Count, StringComparer.Ordinal);
        var duplicated = new HashSet<string>(StringComparer.Ordinal);
        var ids = new string?[series.Count];
        for (var i = 0; i < series.Count; i++)
        {
            var labels = series[i].Labels;
            if (!labels.TryGetValue(label, out var value))
            {
                problems.Add($"{what}: series {Describe(labels)} has no label '{label}' to name its instance; keep it with 'by ({label})' or choose another InstanceLabel");
                continue;
            }

            if (!map.TryResolve(value, out var id))
            {
                problems.Add($"{what}: series {Describe(labels)}: {label}=\"{value}\" matches no instance of the scale set ({Explain(map)})");
                continue;
            }

            if (!byInstance.TryAdd(id, i))
            {
                if (duplicated.Add(id))
                {
                    problems.Add($"{what}: series {Describe(series[byInstance[id]].Labels)} and {Describe(labels)} both name instance '{id}'; both are left out (aggregate them by '{label}')");
                }

                continue;
            }

            ids[i] = id;
        }

        for (var i = 0; i < series.Count; i++)
        {
            if (ids[i] is { } id && !duplicated.Contains(id))
            {
                AddSample(query, series[i], id, label, now, what, samples, problems);
            }
        }

        if (map.Known)
        {
            foreach (var id in map.Ids)
            {
                if (!byInstance.ContainsKey(id))
                {
                    problems.Add($"{what}: no series for instance '{id}' (not scraped yet, its target is down, or the series went stale)");
                }
            }
        }
    }

    private static void AddSample(PrometheusQuery query, PrometheusSeries series, string? instance, string? instanceLabel, DateTimeOffset now, string what, List<MetricSample> samples, List<string> problems)
    {
        if (!double.IsFinite(series.Value))
        {
            problems.Add($"{what}: series {Describe(series.Labels)}{(instance is null ? "" : $" of instance '{instance}'")} is {series.ValueText}, not a finite number; left out");
            return;
        }

        samples.Add(new MetricSample(query.Metric, query.Source, series.Value, now, instance, Dimensions(series.Labels, instanceLabel)));
    }

    private static Dictionary<string, string>? Dimensions(IReadOnlyDictionary<string, string> labels, string? instanceLabel)
    {
        Dictionary<string, string>? dimensions = null;
        foreach (var (name, value) in labels)
        {
            if (name == "__name__" || name == instanceLabel)
            {
                continue;
            }

            (dimensions ??= new Dictionary<string, string>(labels.Count, StringComparer.OrdinalIgnoreCase))[name] = value;
        }

        return dimensions;
    }

    private string Explain(InstanceMap map) => _options.InstanceMatch switch
    {
        PrometheusInstanceMatch.Address => "matched by address, without the port",
        PrometheusInstanceMatch.Template => $"matched against the template {_options.InstanceTemplate}",
        _ => "matched by instance id",
    } + string.Create(CultureInfo.InvariantCulture, $"; {map.Ids.Count} instances known");

    /// <summary>Labels as PromQL writes them: <c>{instance="a:9100",job="node"}</c>.</summary>
    internal static string Describe(IReadOnlyDictionary<string, string> labels)
    {
        if (labels.Count == 0)
        {
            return "{}";
        }

        var text = new StringBuilder("{");
        foreach (var (name, value) in labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            if (text.Length > 1)
            {
                text.Append(',');
            }

            text.Append(name).Append("=\"").Append(value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
        }

        return text.Append('}').ToString();
    }
}
