using System.Globalization;
using ScaleSets.Abstractions;
using ScaleSets.Sources;

namespace ScaleSets.Prometheus;

/// <summary>Where a <see cref="PrometheusMetricSource"/> reads, what it asks, and how it maps series to instances.</summary>
public sealed class PrometheusMetricsOptions
{
    /// <summary>The default limit of one answer's size.</summary>
    public const int DefaultMaxResponseBytes = 16 * 1024 * 1024;

    /// <summary>Gets or sets the Prometheus server's base address, for example <c>http://127.0.0.1:9090/</c> (a path prefix is kept).</summary>
    /// <value>The default is <see langword="null"/>; required, absolute, http or https.</value>
    public Uri? ServerUri { get; set; }

    /// <summary>Gets or sets the source's name in events, logs and explanations.</summary>
    /// <value>The default is <c>prometheus</c>.</value>
    public string SourceName { get; set; } = "prometheus";

    /// <summary>Gets the queries run at every poll, one metric each.</summary>
    /// <value>The default is none; at least one is required.</value>
    public IList<PrometheusQuery> Queries { get; } = new List<PrometheusQuery>();

    /// <summary>Gets or sets the label that names a series' instance (<c>instance</c>, <c>pod</c>, <c>host</c>…), unless a query names its own.</summary>
    /// <value>The default is <c>instance</c>.</value>
    public string InstanceLabel { get; set; } = "instance";

    /// <summary>Gets or sets how the instance label's value becomes an instance id.</summary>
    /// <value>The default is <see cref="PrometheusInstanceMatch.Id"/>.</value>
    public PrometheusInstanceMatch InstanceMatch { get; set; } = PrometheusInstanceMatch.Id;

    /// <summary>Gets or sets the template for <see cref="PrometheusInstanceMatch.Template"/>, with <c>{id}</c>, <c>{name}</c> and <c>{address}</c>.</summary>
    /// <value>The default is <see langword="null"/>; required with <see cref="PrometheusInstanceMatch.Template"/>.</value>
    public string? InstanceTemplate { get; set; }

    /// <summary>
    /// Gets or sets how to list the scale set's instances at each poll (for example the compute provider's
    /// <see cref="IComputeProvider.ListInstancesAsync"/>). Needed for <see cref="PrometheusInstanceMatch.Address"/> and
    /// <see cref="PrometheusInstanceMatch.Template"/>; with it, a series of an unknown instance and an instance with no series
    /// (not scraped, or stale) are reported as problems.
    /// </summary>
    /// <value>The default is <see langword="null"/>.</value>
    public Func<CancellationToken, Task<IReadOnlyList<InstanceInfo>>>? Instances { get; set; }

    /// <summary>Gets or sets the largest answer read; a larger one fails the poll instead of filling memory.</summary>
    /// <value>The default is 16 MiB (<see cref="DefaultMaxResponseBytes"/>). Must be positive.</value>
    public int MaxResponseBytes { get; set; } = DefaultMaxResponseBytes;

    /// <summary>Gets the polling interval, the timeout of each attempt and the retries.</summary>
    /// <value>The defaults of <see cref="PolledMetricSourceOptions"/> (15 s, 10 s, 2 retries from 1 s).</value>
    public PolledMetricSourceOptions Polling { get; } = new();

    /// <summary>Checks the options and returns every problem, each naming the option by its path; empty when they are valid.</summary>
    /// <param name="path">The prefix of every problem, for example <c>ScaleSets:web:Sources:0</c>.</param>
    /// <returns>The problems.</returns>
    public IReadOnlyList<string> Validate(string path = nameof(PrometheusMetricsOptions))
    {
        var problems = new List<string>();
        if (ServerUri is null)
        {
            problems.Add($"{path}:{nameof(ServerUri)} is required (for example http://127.0.0.1:9090/).");
        }
        else if (!ServerUri.IsAbsoluteUri || (ServerUri.Scheme != Uri.UriSchemeHttp && ServerUri.Scheme != Uri.UriSchemeHttps))
        {
            problems.Add($"{path}:{nameof(ServerUri)} must be an absolute http or https address (was '{ServerUri}').");
        }

        if (string.IsNullOrWhiteSpace(SourceName))
        {
            problems.Add($"{path}:{nameof(SourceName)} is required.");
        }

        if (string.IsNullOrWhiteSpace(InstanceLabel))
        {
            problems.Add($"{path}:{nameof(InstanceLabel)} is required (for example instance, pod or host).");
        }

        if (!Enum.IsDefined(InstanceMatch))
        {
            problems.Add($"{path}:{nameof(InstanceMatch)} must be Id, Address or Template (was {InstanceMatch}).");
        }
        else if (InstanceMatch != PrometheusInstanceMatch.Id && Instances is null)
        {
            problems.Add($"{path}:{nameof(Instances)} is required with {nameof(InstanceMatch)} {InstanceMatch}: the source must know the scale set's instances to match series to them.");
        }

        if (InstanceMatch == PrometheusInstanceMatch.Template && string.IsNullOrWhiteSpace(InstanceTemplate))
        {
            problems.Add($"{path}:{nameof(InstanceTemplate)} is required with {nameof(InstanceMatch)} Template (for example {{name}}:9100).");
        }

        if (MaxResponseBytes <= 0)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{path}:{nameof(MaxResponseBytes)} must be positive (was {MaxResponseBytes})."));
        }

        if (Queries.Count == 0)
        {
            problems.Add($"{path}:{nameof(Queries)} needs at least one query (a metric name and a PromQL expression).");
        }

        var metrics = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Queries.Count; i++)
        {
            var at = string.Create(CultureInfo.InvariantCulture, $"{path}:{nameof(Queries)}:{i}");
            var query = Queries[i];
            if (query is null)
            {
                problems.Add($"{at} must not be null.");
                continue;
            }

            if (string.IsNullOrWhiteSpace(query.Metric))
            {
                problems.Add($"{at}:{nameof(PrometheusQuery.Metric)} is required (the metric name rules read, for example Percentage CPU).");
            }
            else if (!metrics.Add(query.Metric))
            {
                problems.Add($"{at}:{nameof(PrometheusQuery.Metric)} '{query.Metric}' is read by an earlier query too; each metric needs one query.");
            }

            if (string.IsNullOrWhiteSpace(query.Query))
            {
                problems.Add($"{at}:{nameof(PrometheusQuery.Query)} is required (a PromQL expression).");
            }

            if (!Enum.IsDefined(query.Source))
            {
                problems.Add($"{at}:{nameof(PrometheusQuery.Source)} is not a source kind (was {query.Source}).");
            }

            if (query.InstanceLabel is { } label && string.IsNullOrWhiteSpace(label))
            {
                problems.Add($"{at}:{nameof(PrometheusQuery.InstanceLabel)} must not be empty (leave it out to use {nameof(InstanceLabel)}).");
            }
        }

        problems.AddRange(Polling.Validate($"{path}:{nameof(Polling)}"));
        return problems;
    }

    /// <summary>Copies the options, so a source is unaffected by later changes.</summary>
    internal PrometheusMetricsOptions Clone()
    {
        var copy = new PrometheusMetricsOptions
        {
            ServerUri = ServerUri,
            SourceName = SourceName,
            InstanceLabel = InstanceLabel,
            InstanceMatch = InstanceMatch,
            InstanceTemplate = InstanceTemplate,
            Instances = Instances,
            MaxResponseBytes = MaxResponseBytes,
        };
        foreach (var query in Queries)
        {
            copy.Queries.Add(new PrometheusQuery { Metric = query.Metric, Query = query.Query, Source = query.Source, PerInstance = query.PerInstance, InstanceLabel = query.InstanceLabel });
        }

        copy.Polling.Interval = Polling.Interval;
        copy.Polling.Timeout = Polling.Timeout;
        copy.Polling.MaxRetryAttempts = Polling.MaxRetryAttempts;
        copy.Polling.RetryDelay = Polling.RetryDelay;
        return copy;
    }
}
