namespace ScaleSets.Notifications;

/// <summary>Which way a notified scale action went (Azure's payload <c>operation</c>).</summary>
public enum ScaleNotificationOperation
{
    /// <summary>The capacity grew: <c>Scale Out</c>.</summary>
    ScaleOut,

    /// <summary>The capacity shrank: <c>Scale In</c>.</summary>
    ScaleIn,
}
