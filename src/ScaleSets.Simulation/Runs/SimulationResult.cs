using ScaleSets.Simulation.Service;
using ScaleSets.Simulation.Workloads;

namespace ScaleSets.Simulation.Runs;

/// <summary>The result of a simulation: the workload, the service model, the demand and every policy's run, best first.</summary>
public sealed class SimulationResult
{
    internal SimulationResult(Workload workload, ServiceModel service, int[] demand, IReadOnlyList<PolicyRun> policies, string? speedupBaseline, int[] bound, double sloTarget, TimeSpan? latencySlo)
    {
        Bound = bound;
        SloTarget = sloTarget;
        LatencySlo = latencySlo;
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

    /// <summary>Gets the clairvoyant lower bound at each step: the fewest instances that keep the step within the SLO.</summary>
    public IReadOnlyList<int> Bound { get; }

    /// <summary>Gets the SLO attainment target the ranking uses (0 to 1).</summary>
    public double SloTarget { get; }

    /// <summary>Gets what a stopped instance costs as a share of a running one (<see cref="SimulationOptions.StoppedCostRatio"/>).</summary>
    public double StoppedCostRatio { get; internal init; } = 0.1;

    /// <summary>Gets the size of the set's warm pool (<see cref="SimulationOptions.WarmPoolSize"/>), 0 for none.</summary>
    public int WarmPoolSize { get; internal init; }

    /// <summary>Gets the mean latency objective, or <see langword="null"/> when the SLO is utilization alone.</summary>
    public TimeSpan? LatencySlo { get; }

    /// <summary>
    /// Gets the policies' runs, best first: those that reach <see cref="SloTarget"/> by cost (lowest first), then the rest by
    /// attainment (highest first); ties by name.
    /// </summary>
    public IReadOnlyList<PolicyRun> Policies { get; }

    /// <summary>Gets the policy the elastic speedups are relative to, or <see langword="null"/>.</summary>
    public string? SpeedupBaseline { get; }
}
