using System.Globalization;
using ScaleSets.Abstractions;

namespace ScaleSets.HAProxy.Runtime;

/// <summary>Reads <c>show stat</c> CSV by column name (column positions change between HAProxy versions).</summary>
internal static class StatCsv
{
    /// <summary>Parses the server rows of a <c>show stat</c> answer.</summary>
    /// <exception cref="ProviderOperationException">The answer is not the expected CSV.</exception>
    public static IReadOnlyList<ServerStat> ParseServers(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Split('\n');
        var headerLine = Array.FindIndex(lines, l => l.StartsWith("# ", StringComparison.Ordinal));
        if (headerLine < 0 && text.Contains("No such proxy", StringComparison.Ordinal))
        {
            throw new ProviderOperationException("HAProxy has no such backend: the backend must exist in HAProxy's configuration.", OperationFailureKind.Permanent);
        }

        if (headerLine < 0)
        {
            throw Malformed("no '# pxname,svname,…' header line", text);
        }

        var header = lines[headerLine][2..].Split(',');
        var column = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            column.TryAdd(header[i], i);
        }

        int Col(string name) => column.TryGetValue(name, out var index) ? index : throw Malformed($"no '{name}' column", text);
        var px = Col("pxname");
        var sv = Col("svname");
        var status = Col("status");
        var scur = Col("scur");
        var weight = column.TryGetValue("uweight", out var uweight) ? uweight : Col("weight");
        var type = column.GetValueOrDefault("type", -1);
        var addr = column.GetValueOrDefault("addr", -1);
        var sid = column.GetValueOrDefault("sid", -1);

        var servers = new List<ServerStat>();
        for (var l = headerLine + 1; l < lines.Length; l++)
        {
            var line = lines[l].TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var f = line.Split(',');
            if (f.Length <= Math.Max(Math.Max(px, sv), Math.Max(status, Math.Max(scur, weight))))
            {
                throw Malformed(string.Create(CultureInfo.InvariantCulture, $"line {l + 1} has only {f.Length} fields"), text);
            }

            var isServer = type >= 0 && type < f.Length
                ? string.Equals(f[type], "2", StringComparison.Ordinal)
                : f[sv] is not ("FRONTEND" or "BACKEND");
            if (!isServer)
            {
                continue;
            }

            var (admin, up, transitional) = ParseStatus(f[status]);
            servers.Add(new ServerStat(
                f[px],
                f[sv],
                f[status],
                admin,
                up,
                transitional,
                ParseInt(f[scur]),
                addr >= 0 && addr < f.Length ? f[addr] : string.Empty,
                ParseInt(f[weight]),
                sid >= 0 && sid < f.Length && int.TryParse(f[sid], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1));
        }

        return servers;
    }

    /// <summary>Reads a status such as <c>UP</c>, <c>DOWN 1/2</c>, <c>MAINT (via b/s)</c>, <c>DRAIN (agent)</c>, <c>NOLB</c> or <c>no check</c>.</summary>
    public static (ServerAdminState Admin, bool IsUp, bool IsTransitional) ParseStatus(string status)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (status.StartsWith("MAINT", StringComparison.Ordinal))
        {
            return (ServerAdminState.Maint, false, false);
        }

        if (status.StartsWith("DRAIN", StringComparison.Ordinal))
        {
            return (ServerAdminState.Drain, true, false);
        }

        var space = status.IndexOf(' ', StringComparison.Ordinal);
        var word = space < 0 ? status : status[..space];
        var transitional = space > 0 && status.AsSpan(space + 1).Contains('/');
        var up = word switch
        {
            "UP" or "NOLB" => true,
            "no" => string.Equals(status, "no check", StringComparison.Ordinal),
            _ => false,
        };
        return (ServerAdminState.Ready, up, transitional);
    }

    private static int ParseInt(string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;

    private static ProviderOperationException Malformed(string what, string text) =>
        new($"HAProxy 'show stat' answer is not the expected CSV ({what}): '{RuntimeInput.Describe(text.Length > 200 ? text[..200] : text)}'.", OperationFailureKind.Permanent);
}
