namespace ScaleSets.Simulation.Service;

/// <summary>The metrics a simulation reports to the engine, and the names a setting file's rules must use to see them.</summary>
public static class SimulationMetricNames
{
    /// <summary>Per-instance CPU utilization in percent with noise, from each ready instance (<see cref="Metrics.MetricSourceKind.Host"/>), as Azure's host metric.</summary>
    public const string Cpu = "Percentage CPU";

    /// <summary>The offered load of the whole set in requests per second, without an instance (<see cref="Metrics.MetricSourceKind.Application"/>), as a load balancer reports it.</summary>
    public const string RequestsPerSecond = "Requests per second";
}
