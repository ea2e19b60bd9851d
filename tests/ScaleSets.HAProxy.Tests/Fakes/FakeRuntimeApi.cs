using System.Globalization;
using System.Text;
using ScaleSets.Abstractions;
using ScaleSets.HAProxy.Runtime;

namespace ScaleSets.HAProxy.Tests.Fakes;

/// <summary>
/// Records every line sent and answers the few commands the adapter uses, the way HAProxy 2.6 words them. For unit tests of
/// command building and sequencing only; behaviour against HAProxy itself is proven by the integration tests.
/// </summary>
internal sealed class FakeRuntimeApi : IRuntimeApi
{
    private readonly Lock _gate = new();

    public List<string> Lines { get; } = [];

    public Dictionary<string, FakeServer> Servers { get; } = new(StringComparer.Ordinal);

    public string Backend { get; set; } = "web";

    public int Pid { get; set; } = 100;

    public long StartTime { get; set; } = 1_700_000_000;

    public int TransientFailuresLeft { get; set; }

    public Task<string> SendAsync(string line, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Lines.Add(line);
            if (TransientFailuresLeft > 0)
            {
                TransientFailuresLeft--;
                throw new ProviderOperationException("fake: connection refused", OperationFailureKind.Transient);
            }

            var sb = new StringBuilder();
            foreach (var command in line.Split(';'))
            {
                sb.Append(Answer(command));
            }

            return Task.FromResult(sb.ToString());
        }
    }

    /// <summary>Forgets every server, as a restarted HAProxy does, with a new process id.</summary>
    public void Restart()
    {
        lock (_gate)
        {
            Servers.Clear();
            Pid++;
            StartTime += 5;
        }
    }

    private string Answer(string command)
    {
        var w = command.Split(' ');
        if (command == "show info")
        {
            return string.Create(CultureInfo.InvariantCulture, $"Name: HAProxy\nPid: {Pid}\nUptime_sec: 1\nStart_time_sec: {StartTime}\n\n");
        }

        if (w is ["show", "stat", var backend, "4", "-1"])
        {
            if (backend != Backend)
            {
                return "No such proxy.\n\n";
            }

            var sb = new StringBuilder("# pxname,svname,scur,status,weight,sid,type,addr,uweight,\n");
            foreach (var s in Servers.Values)
            {
                var status = s.Maint ? "MAINT" : s.Drain ? "DRAIN" : s.Up ? "UP" : "DOWN";
                sb.Append(CultureInfo.InvariantCulture, $"{Backend},{s.Name},{s.Sessions},{status},{s.Weight},{s.Id},2,{s.Address},{s.Weight},\n");
            }

            return sb.Append('\n').ToString();
        }

        if (w is ["show", "servers", "state", var stateBackend])
        {
            if (stateBackend != Backend)
            {
                return "Can't find backend.\n\n";
            }

            // HAProxy 2.6's shape, trimmed to the first columns: srv_admin_state is a set of flags (0x01 maintenance, 0x08 drain).
            var sb = new StringBuilder("1\n# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state\n");
            var id = 0;
            foreach (var s in Servers.Values)
            {
                var flags = (s.Maint ? 0x01 : 0) | (s.Drain ? 0x08 : 0);
                sb.Append(CultureInfo.InvariantCulture, $"3 {Backend} {++id} {s.Name} {s.Address.Split(':')[0]} {(s.Up ? 2 : 0)} {flags}\n");
            }

            return sb.Append('\n').ToString();
        }

        if (w is ["add", "server", var bs, var addr, ..])
        {
            var name = Name(bs, out var error);
            if (error is not null)
            {
                return error;
            }

            if (Servers.ContainsKey(name))
            {
                return "Already exists a server with the same name in backend.\n\n";
            }

            var weight = Array.IndexOf(w, "weight") is var i and > 0 ? int.Parse(w[i + 1], CultureInfo.InvariantCulture) : 1;
            var id = Array.IndexOf(w, "id") is var k and > 0 ? int.Parse(w[k + 1], CultureInfo.InvariantCulture) : Servers.Count + 1;
            if (Servers.Values.Any(s => s.Id == id))
            {
                return string.Create(CultureInfo.InvariantCulture, $"'id' : custom id {id} already used at (null):0 ('server x').\n\n");
            }

            Servers[name] = new FakeServer(name) { Address = addr, Weight = weight, Id = id };
            return "New server registered.\n\n";
        }

        if (w is ["enable", "health", var eh])
        {
            return Find(eh, out _) ?? "\n";
        }

        if (w is ["set", "server", var ss, "state", var state])
        {
            var error = Find(ss, out var s);
            if (error is not null)
            {
                return error;
            }

            s!.Maint = state == "maint";
            s.Drain = state == "drain";
            if (state == "ready")
            {
                s.Up = true;
            }

            return "\n";
        }

        if (w is ["set", "server", var hs, "health", "down"])
        {
            var error = Find(hs, out var s);
            if (error is null)
            {
                s!.Up = false;
                s.ForcedDown++;
            }

            return error ?? "\n";
        }

        if (w is ["set", "server", var ws, "weight", var weightText])
        {
            var error = Find(ws, out var s);
            if (error is null)
            {
                s!.Weight = int.Parse(weightText, CultureInfo.InvariantCulture);
            }

            return error ?? "\n";
        }

        if (w is ["shutdown", "sessions", "server", var sh])
        {
            var error = Find(sh, out var s);
            if (error is null)
            {
                s!.Sessions = 0;
            }

            return error ?? "\n";
        }

        if (w is ["del", "server", var ds])
        {
            var error = Find(ds, out var s);
            if (error is not null)
            {
                return error;
            }

            if (!s!.Maint)
            {
                return "Only servers in maintenance mode can be deleted.\n";
            }

            if (s.Sessions > 0)
            {
                return "Server still has connections attached to it, cannot remove it.\n";
            }

            Servers.Remove(s.Name);
            return "Server deleted.\n";
        }

        return "Unknown command.\n";
    }

    private string Name(string backendServer, out string? error)
    {
        var parts = backendServer.Split('/');
        error = parts[0] == Backend ? null : "No such backend.\n\n";
        return parts.Length > 1 ? parts[1] : string.Empty;
    }

    private string? Find(string backendServer, out FakeServer? server)
    {
        var name = Name(backendServer, out var error);
        server = null;
        return error ?? (Servers.TryGetValue(name, out server) ? null : "No such server.\n\n");
    }
}
