namespace ScaleSets.Simulation.Workloads;

/// <summary>What the values of a trace count.</summary>
public enum WorkloadUnit
{
    /// <summary>Requests in each interval of the trace (a count; divided by the interval's seconds).</summary>
    PerInterval,

    /// <summary>Requests per second (a rate; used as it is).</summary>
    PerSecond,
}
