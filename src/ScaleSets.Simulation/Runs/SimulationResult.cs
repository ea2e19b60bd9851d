using ScaleSets.Simulation.Service;
using ScaleSets.Simulation.Workloads;

namespace ScaleSets.Simulation.Runs;

/// <summary>The result of a simulation: the workload, the service model, the demand and every policy's run, best first.</summary>
public sealed class SimulationResult
{
    internal SimulationResult(Workload workload, ServiceModel service, int[] demand, IReadOnlyList<PolicyRun> policies, string? speedupBaseline)
    {
        Workload = workload;
        Service = service;
        Demand = demand;
        Policies = policies;
        SpeedupBaseline = speedupBaseline;
    }

    /// <summary>Gets the workload replayed.</summary>
    public Workload Workload { get; }

    /// <summary>Gets the service model, with the per-instance capacity chosen.</summary>
    public ServiceModel Service { get; }

    /// <summary>Gets the demand at each step.</summary>
    public IReadOnlyList<int> Demand { get; }

    /// <summary>Gets the policies' runs, ordered by autoscaling deviation, lowest (best) first.</summary>
    public IReadOnlyList<PolicyRun> Policies { get; }

    /// <summary>Gets the policy the elastic speedups are relative to, or <see langword="null"/>.</summary>
    public string? SpeedupBaseline { get; }
}
