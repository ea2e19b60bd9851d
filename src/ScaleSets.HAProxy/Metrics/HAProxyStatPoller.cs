using System.Globalization;
using ScaleSets.HAProxy.Runtime;
using ScaleSets.Metrics;
using ScaleSets.Sources;

namespace ScaleSets.HAProxy.Metrics;

/// <summary>
/// Reads one backend of HAProxy for metrics: one Runtime API line per poll, <c>show info;show stat &lt;backend&gt; 6 -1</c>
/// (the process's identity, then the backend's row and its servers' rows), turned into set-level samples from the
/// backend's row and per-instance samples from each managed server's row. Counters become rates through
/// <see cref="CounterRateTracker"/>; a new HAProxy process (restart or reload, seen from <c>show info</c>) or a counter
/// that went down starts the counters from zero, so a rate is never negative or huge.
/// </summary>
internal sealed class HAProxyStatPoller : IMetricPoller
{
    private const string BackendKey = "\0backend";
    private readonly IRuntimeApi _api;
    private readonly string _backend;
    private readonly string _source;
    private readonly string _command;
    private readonly ServerNaming _naming;
    private readonly CounterRateTracker _requests = new();
    private readonly CounterRateTracker _sessions = new();
    private readonly CounterRateTracker _errors = new();
    private readonly Dictionary<string, string?> _instanceIds = new(StringComparer.Ordinal);
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly List<StatRow> _rows = [];
    private ProcessIdentity? _process;
    private DateTimeOffset? _lastPoll;
    private DateTimeOffset? _restartedAfter;

    public HAProxyStatPoller(IRuntimeApi api, string backend, ServerNaming naming, string source)
    {
        _api = api;
        _backend = backend;
        _naming = naming;
        _source = source;
        _command = RuntimeCommands.Join(RuntimeCommands.ShowInfo, RuntimeCommands.ShowBackendStat(backend));
    }

    public async ValueTask<MetricPoll> PollAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        Read(await _api.SendAsync(_command, cancellationToken).ConfigureAwait(false), now);

    /// <summary>Reads one answer to the poll's command line.</summary>
    /// <exception cref="FormatException">The answer holds no statistics (an error, garbage, or a header without its key columns).</exception>
    internal MetricPoll Read(string answer, DateTimeOffset now)
    {
        var header = StatMetricsCsv.FindHeader(answer);
        if (header < 0)
        {
            var text = string.Join(" | ", RuntimeAnswer.Lines(answer.Length > 300 ? answer[..300] : answer).Where(l => l.Contains("such", StringComparison.OrdinalIgnoreCase) || l.Contains("denied", StringComparison.OrdinalIgnoreCase) || l.Contains("Unknown", StringComparison.OrdinalIgnoreCase)));
            throw new FormatException(answer.Contains("No such", StringComparison.OrdinalIgnoreCase)
                ? $"{_source}: HAProxy has no backend '{_backend}' ({RuntimeInput.Describe(text)}); the backend must exist in HAProxy's configuration."
                : $"{_source}: the answer to '{_command}' holds no 'show stat' CSV (no '# pxname,…' header): '{RuntimeInput.Describe(answer.Length > 200 ? answer[..200] : answer)}'.");
        }

        var problems = new List<string>();
        _restartedAfter = null;
        NoticeRestart(answer, header, problems);
        _lastPoll = now;
        _rows.Clear();
        StatMetricsCsv.Read(answer, header, _backend, _source, _rows, problems);

        var samples = new List<MetricSample>(_rows.Count * 7);
        _seen.Clear();
        foreach (var row in _rows)
        {
            string? instance = null;
            if (!row.IsBackend && (instance = InstanceOf(row.Server, row.Id)) is null)
            {
                // A server the adapter did not create (a static one of the configuration file) counts only in the backend's totals.
                continue;
            }

            var key = row.IsBackend ? BackendKey : row.Server;
            if (!_seen.Add(key))
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{_source}: 'show stat' line {row.Line} repeats {(row.IsBackend ? "the backend's row" : $"server '{row.Server}'")}; the repeat is skipped."));
                continue;
            }

            Add(samples, row, key, instance, now);
        }

        // Servers removed from the backend are forgotten, so a server re-added under the same name starts afresh.
        if (_requests.Count > _seen.Count || _sessions.Count > _seen.Count || _errors.Count > _seen.Count)
        {
            _requests.Retain(_seen.Contains);
            _sessions.Retain(_seen.Contains);
            _errors.Retain(_seen.Contains);
        }

        return new MetricPoll(samples, problems);
    }

    private void Add(List<MetricSample> samples, in StatRow row, string key, string? instance, DateTimeOffset now)
    {
        var set = instance is null;
        Rate(samples, _requests, key, row[StatField.Requests], now, instance, set ? HAProxyMetricNames.RequestsPerSecond : HAProxyMetricNames.ServerRequestsPerSecond);
        Rate(samples, _sessions, key, row[StatField.Sessions], now, instance, set ? HAProxyMetricNames.SessionsPerSecond : HAProxyMetricNames.ServerSessionsPerSecond);
        Gauge(samples, row[StatField.CurrentSessions], now, instance, set ? HAProxyMetricNames.CurrentSessions : HAProxyMetricNames.ServerCurrentSessions);
        Gauge(samples, row[StatField.QueuedRequests], now, instance, set ? HAProxyMetricNames.QueuedRequests : HAProxyMetricNames.ServerQueuedRequests);
        Gauge(samples, row[StatField.ResponseTime], now, instance, set ? HAProxyMetricNames.ResponseTime : HAProxyMetricNames.ServerResponseTime);
        Gauge(samples, row[StatField.TotalTime], now, instance, set ? HAProxyMetricNames.TotalTime : HAProxyMetricNames.ServerTotalTime);
        Rate(samples, _errors, key, row[StatField.ServerErrors], now, instance, set ? HAProxyMetricNames.ServerErrorsPerSecond : HAProxyMetricNames.ServerServerErrorsPerSecond);
    }

    private static void Gauge(List<MetricSample> samples, double value, DateTimeOffset now, string? instance, string metric)
    {
        if (!double.IsNaN(value))
        {
            samples.Add(new MetricSample(metric, MetricSourceKind.Application, value, now, instance));
        }
    }

    private void Rate(List<MetricSample> samples, CounterRateTracker tracker, string key, double total, DateTimeOffset now, string? instance, string metric)
    {
        if (double.IsNaN(total))
        {
            return;
        }

        if (tracker.TryGetRate(key, total, now, out var rate, out _))
        {
            samples.Add(new MetricSample(metric, MetricSourceKind.Application, rate, now, instance));
        }
        else if (_restartedAfter is { } previous && now > previous)
        {
            // The new process counted from zero since it started, after the previous poll: as a counter reset, the increase is its total.
            samples.Add(new MetricSample(metric, MetricSourceKind.Application, total / (now - previous).TotalSeconds, now, instance));
        }
    }

    private string? InstanceOf(string server, int serverId)
    {
        if (!ServerNaming.IsAdapterId(serverId) && serverId >= 0)
        {
            return null;
        }

        if (!_instanceIds.TryGetValue(server, out var id))
        {
            id = _naming.TryGetInstanceId(server, serverId, out var found) ? found : null;
            if (_instanceIds.Count > 100_000)
            {
                _instanceIds.Clear();
            }

            _instanceIds[server] = id;
        }

        return id;
    }

    /// <summary>A new process restarted every counter from zero: the rates start again from its first totals.</summary>
    private void NoticeRestart(string answer, int header, List<string> problems)
    {
        if (header == 0)
        {
            return;
        }

        ProcessIdentity observed;
        try
        {
            observed = ProcessIdentity.Parse(answer[..header]);
        }
        catch (ScaleSets.Abstractions.ProviderOperationException ex)
        {
            problems.Add($"{_source}: {ex.Message} A restart is then seen only from counters that went down.");
            return;
        }

        if (_process is { } known && !observed.IsSameProcessAs(known))
        {
            _requests.Retain(static _ => false);
            _sessions.Retain(static _ => false);
            _errors.Retain(static _ => false);
            _restartedAfter = _lastPoll;
        }

        _process = observed;
    }
}
