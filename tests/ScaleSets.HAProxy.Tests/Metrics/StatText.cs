using System.Globalization;
using System.Text;
using ScaleSets.HAProxy.Runtime;

namespace ScaleSets.HAProxy.Tests.Metrics;

/// <summary>Builds answers to <c>show info;show stat web 6 -1</c> in HAProxy 2.6's shape (its real header, trimmed to the columns read and a few others).</summary>
internal static class StatText
{
    public const string Header = "# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,status,weight,iid,sid,type,hrsp_5xx,req_tot,rtime,ttime,addr,\n";

    public static string Info(int pid = 42, long start = 1_700_000_000, long uptime = 100) =>
        string.Create(CultureInfo.InvariantCulture, $"Name: HAProxy\nVersion: 2.6.12\nPid: {pid}\nStart_time_sec: {start}\nUptime_sec: {uptime}\n\n");

    /// <summary>A server row: sessions, queue, total sessions, 5xx, requests, rtime, ttime.</summary>
    public static string Server(string name, long scur, long qcur, long stot, long errors, long requests, long rtime = 3, long ttime = 5, int sid = ServerNaming.IdBase + 1) =>
        string.Create(CultureInfo.InvariantCulture, $"web,{name},{qcur},0,{scur},0,,{stot},0,0,UP,100,3,{sid},2,{errors},{requests},{rtime},{ttime},127.0.0.1:80,\n");

    public static string Backend(long scur, long qcur, long stot, long errors, long requests, long rtime = 4, long ttime = 6) =>
        string.Create(CultureInfo.InvariantCulture, $"web,BACKEND,{qcur},0,{scur},0,100,{stot},0,0,UP,200,3,0,1,{errors},{requests},{rtime},{ttime},,\n");

    public static string Answer(params string[] rows)
    {
        var sb = new StringBuilder(Info()).Append(Header);
        foreach (var row in rows)
        {
            sb.Append(row);
        }

        return sb.Append('\n').ToString();
    }

    /// <summary>A backend of <paramref name="servers"/> servers named ss-vm-0… with counters growing with <paramref name="scale"/>.</summary>
    public static string Large(int servers, int scale = 1)
    {
        var sb = new StringBuilder(Info()).Append(Header);
        for (var i = 0; i < servers; i++)
        {
            sb.Append(Server(string.Create(CultureInfo.InvariantCulture, $"ss-vm-{i}"), i % 7, i % 3, 1000L * scale + i, scale * (i % 5), 2000L * scale + i, sid: ServerNaming.IdBase + i));
        }

        return sb.Append(Backend(servers, 0, 1000L * servers * scale, 5L * scale, 2000L * servers * scale)).Append('\n').ToString();
    }
}
