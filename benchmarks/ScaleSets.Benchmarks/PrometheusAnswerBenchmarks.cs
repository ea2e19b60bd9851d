using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using ScaleSets.Abstractions;
using ScaleSets.Metrics;
using ScaleSets.Prometheus;
using ScaleSets.Prometheus.Answers;

namespace ScaleSets.Benchmarks;

/// <summary>
/// Cost of reading one Prometheus instant-query answer of 1000 series (node_exporter's CPU, one series per instance):
/// parsing the JSON, and parsing plus turning it into per-instance samples matched by address, against a baseline that
/// only splits the text into its series.
/// </summary>
[MemoryDiagnoser]
public class PrometheusAnswerBenchmarks
{
    /// <summary>The series in the answer; per-sample figures are the per-operation ones divided by this.</summary>
    public const int Series = 1000;

    private static readonly DateTimeOffset Now = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Separator = "},{\"metric\""u8.ToArray();
    private byte[] _answer = [];
    private PrometheusPoller _poller = null!;
    private PrometheusQuery _query = null!;
    private InstanceMap _map = null!;

    [GlobalSetup]
    public void Setup()
    {
        var json = new StringBuilder("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[");
        var instances = new List<InstanceInfo>(Series);
        for (var i = 0; i < Series; i++)
        {
            var address = string.Create(CultureInfo.InvariantCulture, $"10.0.{i / 250}.{(i % 250) + 1}");
            instances.Add(new InstanceInfo("vm-" + i.ToString(CultureInfo.InvariantCulture), "web_" + i.ToString(CultureInfo.InvariantCulture), "1", "v1", InstanceState.Running, InstanceHealth.Healthy, address, Now));
            json.Append(i == 0 ? "" : ",")
                .Append(CultureInfo.InvariantCulture, $"{{\"metric\":{{\"instance\":\"{address}:9100\",\"job\":\"node\"}},\"value\":[1772438400.000,\"{(i % 100) + 0.25}\"]}}");
        }

        json.Append("]}}");
        _answer = Encoding.UTF8.GetBytes(json.ToString());
        var options = new PrometheusMetricsOptions { ServerUri = new Uri("http://127.0.0.1:9090/"), InstanceMatch = PrometheusInstanceMatch.Address };
        _query = new PrometheusQuery { Metric = "Percentage CPU", Query = "cpu" };
        options.Queries.Add(_query);
        _poller = new PrometheusPoller(options, new HttpClient());
        _map = InstanceMap.Create(PrometheusInstanceMatch.Address, null, instances);
        var samples = new List<MetricSample>();
        var problems = new List<string>();
        _poller.Convert(_query, PrometheusAnswerParser.Parse(_answer), Now, _map, samples, problems);
        if (samples.Count != Series || problems.Count != 0)
        {
            throw new InvalidOperationException($"the answer gave {samples.Count} samples and {problems.Count} problems: {string.Join("; ", problems.Take(3))}");
        }
    }

    /// <summary>The least possible work: find where each series starts.</summary>
    [Benchmark(Baseline = true)]
    public int SplitOnly()
    {
        ReadOnlySpan<byte> rest = _answer;
        var count = 1;
        for (var at = rest.IndexOf(Separator); at >= 0; at = rest.IndexOf(Separator))
        {
            count++;
            rest = rest[(at + Separator.Length)..];
        }

        return count;
    }

    [Benchmark]
    public int Parse() => PrometheusAnswerParser.Parse(_answer).Series.Count;

    [Benchmark]
    public int ParseToSamples()
    {
        var samples = new List<MetricSample>(Series);
        var problems = new List<string>();
        _poller.Convert(_query, PrometheusAnswerParser.Parse(_answer), Now, _map, samples, problems);
        return samples.Count;
    }
}
