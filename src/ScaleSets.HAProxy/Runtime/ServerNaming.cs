namespace ScaleSets.HAProxy.Runtime;

/// <summary>
/// How the adapter marks the servers it creates, and how a server maps back to an instance id; shared by the load balancer
/// and the metric source so both see the same servers as the same instances. A server is the adapter's when its name is
/// the prefix + an instance id <em>and</em> its numeric id (HAProxy's <c>sid</c>, set with <c>add server … id N</c>) lies in
/// the adapter's band, at or above <see cref="IdBase"/>: servers of the configuration file are numbered from 1 unless given
/// an <c>id</c>, so a static server is never taken for the adapter's even when its name has the prefix.
/// </summary>
internal sealed class ServerNaming(string prefix)
{
    /// <summary>The lowest server id the adapter gives; static servers keep ids below it unless configured otherwise.</summary>
    public const int IdBase = 1_000_000_000;

    private const int IdSpan = int.MaxValue - IdBase;

    public string Prefix { get; } = prefix;

    /// <summary>Gets the server name of an instance.</summary>
    public string ServerName(string instanceId) => Prefix + instanceId;

    /// <summary>Tells whether a server name follows the scheme (the prefix and at least one more character).</summary>
    public bool Matches(string serverName) =>
        serverName.Length > Prefix.Length && serverName.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>Tells whether a server id is in the adapter's band.</summary>
    public static bool IsAdapterId(int serverId) => serverId >= IdBase;

    /// <summary>
    /// Gets the instance id of one of the adapter's servers: its name follows the scheme and its id is in the band (when the
    /// id is unknown, <paramref name="serverId"/> &lt; 0, the name alone decides).
    /// </summary>
    public bool TryGetInstanceId(string serverName, int serverId, out string instanceId)
    {
        if (Matches(serverName) && (serverId < 0 || IsAdapterId(serverId)))
        {
            instanceId = serverName[Prefix.Length..];
            return true;
        }

        instanceId = string.Empty;
        return false;
    }

    /// <summary>
    /// The id to add a server with, the <paramref name="attempt"/>-th candidate: a stable hash of its name into the band
    /// (so ids stay the same across restarts), then the next ones when HAProxy says an id is taken.
    /// </summary>
    public static int IdFor(string serverName, int attempt)
    {
        var hash = 2166136261u;
        foreach (var c in serverName)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return IdBase + (int)((hash + (uint)attempt) % IdSpan);
    }
}
