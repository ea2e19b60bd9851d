namespace ScaleSets.HAProxy.Runtime;

/// <summary>
/// How the adapter names the servers it creates (prefix + instance id) and how a server name maps back to an instance id;
/// shared by the load balancer and the metric source so both see the same servers as the same instances.
/// </summary>
internal sealed class ServerNaming(string prefix)
{
    public string Prefix { get; } = prefix;

    /// <summary>Gets the server name of an instance.</summary>
    public string ServerName(string instanceId) => Prefix + instanceId;

    /// <summary>Tells whether a server name follows the scheme (the prefix and at least one more character).</summary>
    public bool Matches(string serverName) =>
        serverName.Length > Prefix.Length && serverName.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>Gets the instance id of a server name that follows the scheme.</summary>
    public bool TryGetInstanceId(string serverName, out string instanceId)
    {
        if (Matches(serverName))
        {
            instanceId = serverName[Prefix.Length..];
            return true;
        }

        instanceId = string.Empty;
        return false;
    }
}
