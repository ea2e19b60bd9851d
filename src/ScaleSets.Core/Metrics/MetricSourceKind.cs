namespace ScaleSets.Metrics;

/// <summary>Where a metric sample was measured.</summary>
public enum MetricSourceKind
{
    /// <summary>Measured by the platform or hypervisor outside the instance (for example host CPU).</summary>
    Host,

    /// <summary>Reported from inside the instance by an agent (for example guest memory or disk queue).</summary>
    Guest,

    /// <summary>Reported by the application or its load balancer: request rate, latency, queue length and the like.</summary>
    Application,

    /// <summary>Any other user-defined signal.</summary>
    Custom,
}
