using System.Globalization;

namespace ScaleSets.HAProxy.Runtime;

/// <summary>Builds Runtime API command lines from validated parts only (<see cref="ServerRef"/>, <see cref="ServerAddress"/>, numbers).</summary>
internal static class RuntimeCommands
{
    public const string ShowInfo = "show info";

    /// <summary>
    /// <c>add server</c> with every keyword stated: a server added at runtime inherits nothing from <c>default-server</c>. It starts
    /// in maintenance; its <c>id</c> in the adapter's band marks it as the adapter's (<see cref="ServerNaming"/>); the <c>enabled</c> keyword is deliberately never used (in HAProxy 2.6 it leaves a server that reports UP but
    /// gets no traffic).
    /// </summary>
    public static string AddServer(ServerRef server, ServerAddress address, int weight, int id, TimeSpan checkInterval, int rise, int fall)
    {
        var inter = string.Create(CultureInfo.InvariantCulture, $"{(long)checkInterval.TotalMilliseconds}ms");
        return string.Create(
            CultureInfo.InvariantCulture,
            $"add server {server} {address.ToCommandText()} id {id} weight {weight} check inter {inter} fastinter {inter} downinter {inter} rise {rise} fall {fall}");
    }

    public static string EnableHealth(ServerRef server) => $"enable health {server}";

    public static string SetReady(ServerRef server) => $"set server {server} state ready";

    public static string SetDrain(ServerRef server) => $"set server {server} state drain";

    public static string SetMaint(ServerRef server) => $"set server {server} state maint";

    /// <summary>Leaving maintenance sets a checked server up at once; forcing it down makes it wait for its first passing check.</summary>
    public static string SetHealthDown(ServerRef server) => $"set server {server} health down";

    public static string SetWeight(ServerRef server, int weight) => string.Create(CultureInfo.InvariantCulture, $"set server {server} weight {weight}");

    public static string SetAddress(ServerRef server, ServerAddress address) =>
        string.Create(CultureInfo.InvariantCulture, $"set server {server} addr {address.Ip} port {address.Port}");

    public static string DeleteServer(ServerRef server) => $"del server {server}";

    public static string ShutdownSessions(ServerRef server) => $"shutdown sessions server {server}";

    /// <summary>The server rows of one backend (type 4 = servers, -1 = every server id).</summary>
    public static string ShowStat(string backend) => $"show stat {backend} 4 -1";

    /// <summary>Every server's volatile state, of which the adapter reads the administrative state (<c>srv_admin_state</c>).</summary>
    public static string ShowServersState(string backend) => $"show servers state {backend}";

    /// <summary>The backend's own row and its server rows (type 2 = backends + 4 = servers, -1 = every server id).</summary>
    public static string ShowBackendStat(string backend) => $"show stat {backend} 6 -1";

    /// <summary>Joins commands into one line; HAProxy runs them in order.</summary>
    public static string Join(params string[] commands) => string.Join(';', commands);
}
