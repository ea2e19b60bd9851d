using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using ScaleSets.HAProxy.Metrics;
using ScaleSets.HAProxy.Runtime;

namespace ScaleSets.Benchmarks;

/// <summary>
/// Cost per sample of reading one <c>show info;show stat web 6 -1</c> answer of 1000 servers into samples (7 per server and
/// 7 for the backend, rates included), against a baseline that only splits the same text into lines and fields as the reader does.
/// </summary>
[MemoryDiagnoser]
public class HAProxyStatBenchmarks
{
    /// <summary>The servers in the answer.</summary>
    public const int Servers = 1000;

    /// <summary>The samples one answer gives: 7 per server and 7 for the backend.</summary>
    public const int SamplesPerAnswer = (Servers + 1) * 7;

    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly string[] _answers = new string[2];
    private HAProxyStatPoller _poller = null!;
    private DateTimeOffset _now;
    private int _turn;

    [GlobalSetup]
    public void Setup()
    {
        _answers[0] = Answer(1);
        _answers[1] = Answer(2);
        _poller = new HAProxyStatPoller(new NoSocket(), "web", new ServerNaming("ss-"), "haproxy web");
        _now = Start;
        _poller.Read(_answers[0], _now);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = SamplesPerAnswer)]
    public int SplitOnly()
    {
        // The same splitting the reader does, and nothing else: lines at '\n', each line's fields into ranges.
        var text = Next();
        Span<Range> fields = stackalloc Range[256];
        var count = 0;
        for (var position = 0; position < text.Length;)
        {
            var end = text.IndexOf('\n', position);
            if (end < 0)
            {
                end = text.Length;
            }

            count += text.AsSpan(position, end - position).Split(fields, ',');
            position = end + 1;
        }

        return count;
    }

    [Benchmark(OperationsPerInvoke = SamplesPerAnswer)]
    public int ReadSamples()
    {
        // Alternating answers whose counters grow, each a poll 15 s after the last: every rate is computed.
        _now += TimeSpan.FromSeconds(15);
        return _poller.Read(Next(), _now).Samples.Count;
    }

    private string Next() => _answers[_turn++ & 1];

    /// <summary>HAProxy 2.6.12's full 'show stat' header and rows of its shape (values varying per server).</summary>
    private static string Answer(int scale)
    {
        const string Header = "# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,weight,act,bck,chkfail,chkdown,lastchg,downtime,qlimit,pid,iid,sid,throttle,lbtot,tracked,type,rate,rate_lim,rate_max,check_status,check_code,check_duration,hrsp_1xx,hrsp_2xx,hrsp_3xx,hrsp_4xx,hrsp_5xx,hrsp_other,hanafail,req_rate,req_rate_max,req_tot,cli_abrt,srv_abrt,comp_in,comp_out,comp_byp,comp_rsp,lastsess,last_chk,last_agt,qtime,ctime,rtime,ttime,agent_status,agent_code,agent_duration,check_desc,agent_desc,check_rise,check_fall,check_health,agent_rise,agent_fall,agent_health,addr,cookie,mode,algo,conn_rate,conn_rate_max,conn_tot,intercepted,dcon,dses,wrew,connect,reuse,cache_lookups,cache_hits,srv_icur,src_ilim,qtime_max,ctime_max,rtime_max,ttime_max,eint,idle_conn_cur,safe_conn_cur,used_conn_cur,need_conn_est,uweight,agg_server_status,agg_server_check_status,agg_check_status,-,ssl_sess,ssl_reused_sess,ssl_failed_handshake,h2_headers_rcvd,h2_data_rcvd,h2_settings_rcvd,h2_rst_stream_rcvd,h2_goaway_rcvd,h2_detected_conn_protocol_errors,h2_detected_strm_protocol_errors,h2_rst_stream_resp,h2_goaway_resp,h2_open_connections,h2_backend_open_streams,h2_total_connections,h2_backend_total_streams,h1_open_connections,h1_open_streams,h1_total_connections,h1_total_streams,h1_bytes_in,h1_bytes_out,h1_spliced_bytes_in,h1_spliced_bytes_out,\n";
        var columns = Header[2..^2].Split(',');
        var sb = new StringBuilder("Name: HAProxy\nVersion: 2.6.12\nPid: 42\nStart_time_sec: 1700000000\nUptime_sec: 100\n\n").Append(Header);
        for (var i = 0; i <= Servers; i++)
        {
            var backend = i == Servers;
            for (var c = 0; c < columns.Length; c++)
            {
                sb.Append(columns[c] switch
                {
                    "pxname" => "web",
                    "svname" => backend ? "BACKEND" : string.Create(CultureInfo.InvariantCulture, $"ss-vm-{i:D6}"),
                    "type" => backend ? "1" : "2",
                    "status" => "UP",
                    "check_status" => backend ? string.Empty : "L7OK",
                    "addr" => backend ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"10.0.{i / 250}.{i % 250}:8080"),
                    "mode" => "http",
                    "req_tot" or "stot" or "hrsp_2xx" or "bin" or "bout" => (1000L * scale * (backend ? Servers : 1) + i).ToString(CultureInfo.InvariantCulture),
                    "hrsp_5xx" => (scale * (i % 5)).ToString(CultureInfo.InvariantCulture),
                    _ => (i % 13).ToString(CultureInfo.InvariantCulture),
                });
                sb.Append(',');
            }

            sb.Append('\n');
        }

        return sb.Append('\n').ToString();
    }

    private sealed class NoSocket : IRuntimeApi
    {
        public Task<string> SendAsync(string line, CancellationToken cancellationToken) => throw new InvalidOperationException("the benchmark reads prepared answers");
    }
}
