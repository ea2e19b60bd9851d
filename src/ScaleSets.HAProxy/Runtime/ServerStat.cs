namespace ScaleSets.HAProxy.Runtime;

/// <summary>One server row of <c>show stat</c>.</summary>
/// <param name="Backend">The backend (<c>pxname</c>).</param>
/// <param name="Name">The server name (<c>svname</c>).</param>
/// <param name="Status">The raw status, for example <c>UP</c>, <c>DOWN 1/2</c>, <c>MAINT</c>, <c>DRAIN</c>, <c>no check</c>.</param>
/// <param name="Admin">The administrative state read from the status.</param>
/// <param name="IsUp">Whether the status reports the server up (<c>UP</c>, <c>UP n/m</c> going down, <c>NOLB</c>, <c>no check</c>).</param>
/// <param name="IsTransitional">Whether the status is between states (<c>UP 1/3</c>, <c>DOWN 1/2</c>).</param>
/// <param name="CurrentSessions">The current sessions (<c>scur</c>).</param>
/// <param name="Address">The address (<c>addr</c>), or an empty string when not reported.</param>
/// <param name="Weight">The weight set by configuration or command (<c>uweight</c>; <c>weight</c> when absent).</param>
/// <param name="Id">The server's numeric id (<c>sid</c>), or -1 when not reported.</param>
internal sealed record ServerStat(
    string Backend,
    string Name,
    string Status,
    ServerAdminState Admin,
    bool IsUp,
    bool IsTransitional,
    int CurrentSessions,
    string Address,
    int Weight,
    int Id = -1);
