namespace ScaleSets.Abstractions;

/// <summary>The state of a backend pool member.</summary>
public enum LoadBalancerMemberState
{
    /// <summary>In the pool but taking no traffic yet (HAProxy: added in maintenance).</summary>
    Registered,

    /// <summary>Taking new connections.</summary>
    Ready,

    /// <summary>Taking no new connections while existing ones finish.</summary>
    Draining,
}
