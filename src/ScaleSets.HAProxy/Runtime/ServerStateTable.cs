using System.Globalization;

namespace ScaleSets.HAProxy.Runtime;

/// <summary>
/// Reads the administrative state of each server from <c>show servers state &lt;backend&gt;</c> (<c>srv_admin_state</c>, a
/// set of flags): unlike <c>show stat</c>'s status, which shows <c>DOWN</c> for a drained server whose checks fail, it
/// always tells maintenance and drain apart from ready.
/// </summary>
internal static class ServerStateTable
{
    /// <summary>The start of the answer's header line.</summary>
    public const string HeaderStart = "# be_id ";

    // SRV_ADMF_* in HAProxy's server.h: forced, inherited, configured, resolution and hostname maintenance; forced and inherited drain.
    private const int MaintenanceFlags = 0x01 | 0x02 | 0x04 | 0x20 | 0x40;
    private const int DrainFlags = 0x08 | 0x10;

    /// <summary>Finds where a <c>show servers state</c> answer starts in a joined answer (its version line, then the header).</summary>
    /// <returns>The index of the version line, or -1 when the answer holds none.</returns>
    public static int Find(string text)
    {
        var header = text.IndexOf("\n" + HeaderStart, StringComparison.Ordinal);
        if (header < 0)
        {
            return text.StartsWith(HeaderStart, StringComparison.Ordinal) ? 0 : -1;
        }

        // The version line ("1") comes just before the header.
        var versionStart = text.LastIndexOf('\n', Math.Max(0, header - 1));
        return versionStart < 0 ? 0 : versionStart + 1;
    }

    /// <summary>Reads each server's administrative state, by server name.</summary>
    public static Dictionary<string, ServerAdminState> Parse(string text)
    {
        var states = new Dictionary<string, ServerAdminState>(StringComparer.Ordinal);
        int name = -1, admin = -1, count = 0;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith(HeaderStart, StringComparison.Ordinal))
            {
                var columns = line[2..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                name = Array.IndexOf(columns, "srv_name");
                admin = Array.IndexOf(columns, "srv_admin_state");
                count = columns.Length;
                continue;
            }

            if (name < 0 || admin < 0 || line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var fields = line.Split(' ');
            if (fields.Length < count || !int.TryParse(fields[admin], NumberStyles.None, CultureInfo.InvariantCulture, out var flags))
            {
                continue;
            }

            states[fields[name]] = (flags & MaintenanceFlags) != 0 ? ServerAdminState.Maint
                : (flags & DrainFlags) != 0 ? ServerAdminState.Drain
                : ServerAdminState.Ready;
        }

        return states;
    }
}
