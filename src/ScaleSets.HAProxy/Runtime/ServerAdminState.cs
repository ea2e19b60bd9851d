namespace ScaleSets.HAProxy.Runtime;

/// <summary>A server's administrative state as <c>show stat</c> reports it.</summary>
internal enum ServerAdminState
{
    /// <summary>Neither in maintenance nor draining: takes traffic while its checks pass.</summary>
    Ready,

    /// <summary>Draining: no new load-balanced traffic, still checked.</summary>
    Drain,

    /// <summary>In maintenance: no traffic (where servers added at runtime start).</summary>
    Maint,
}
