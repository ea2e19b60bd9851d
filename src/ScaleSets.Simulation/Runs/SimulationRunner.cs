using ScaleSets.Simulation.Elasticity;
using ScaleSets.Simulation.Policies;
using ScaleSets.Simulation.Service;
using ScaleSets.Simulation.Workloads;

namespace ScaleSets.Simulation.Runs;

/// <summary>
/// Replays a workload once per policy through the production code in virtual time (the real autoscale engine, bound to a
/// real <see cref="Control.ScaleSetController"/> that provisions in a <see cref="Cloud.SimulatedCloud"/>) and measures how
/// well each policy's supply (the instances the load balancer has in rotation) followed demand. Policies run one after
/// another on the calling thread; a run is deterministic for its <see cref="SimulationOptions.Seed"/>.
/// </summary>
public static class SimulationRunner
{
    /// <summary>Builds the service model the options describe for <paramref name="workload"/>.</summary>
    /// <param name="workload">The workload.</param>
    /// <param name="options">The options.</param>
    /// <returns>The model: the given instance capacity, or one sized so the peak needs <see cref="SimulationOptions.PeakInstances"/>.</returns>
    public static ServiceModel CreateService(Workload workload, SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(options);
        return options.InstanceCapacity is { } r
            ? new ServiceModel(r, options.TargetUtilization)
            : ServiceModel.ForPeak(workload.Peak > 0 ? workload.Peak : 1, options.PeakInstances, options.TargetUtilization);
    }

    /// <summary>Builds the context the built-in policies are parameterized with.</summary>
    /// <param name="workload">The workload.</param>
    /// <param name="options">The options.</param>
    /// <returns>The context.</returns>
    public static PolicyContext CreateContext(Workload workload, SimulationOptions options)
    {
        var service = CreateService(workload, options);
        var peak = service.Demand(workload.Peak);
        return new PolicyContext(service, Math.Min(peak, options.MaximumInstances), options.MaximumInstances, ProvisioningTime(options))
        {
            SloTarget = options.SloTarget,
        };
    }

    /// <summary>
    /// Gets how long a new instance takes from the decision to serving: the create latency and the longest boot. A warm pool
    /// does not shorten it: its start time holds only for the instances the pool has prepared, and a policy sized for it
    /// alone (a 45-second lead time) loses attainment and flaps once a scale-out outgrows the pool (benchmarks/README.md,
    /// "Warm pools"), so the policies keep the lead time of a create and take the pool's faster starts as a margin.
    /// </summary>
    internal static TimeSpan ProvisioningTime(SimulationOptions options)
    {
        var cloud = PolicySimulation.CloudOptions(options);
        return cloud.CreateLatency + cloud.BootTime + cloud.BootTimeSpread;
    }

    /// <summary>Runs every policy over the workload.</summary>
    /// <param name="workload">The workload.</param>
    /// <param name="policies">The policies; names must be unique.</param>
    /// <param name="options">The options; validated.</param>
    /// <param name="progress">Receives the fraction done (0 to 1) now and then, or <see langword="null"/>.</param>
    /// <returns>The result, policies ordered best first.</returns>
    /// <exception cref="ArgumentException">The options are invalid, no policy is given, or two share a name.</exception>
    /// <exception cref="Configuration.AutoscaleSettingException">A policy's setting is invalid.</exception>
    public static SimulationResult Run(Workload workload, IReadOnlyList<SimulationPolicy> policies, SimulationOptions options, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        if (policies.Count == 0)
        {
            throw new ArgumentException("no policy to simulate", nameof(policies));
        }

        var duplicate = policies.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"the policy name '{duplicate.Key}' is given more than once", nameof(policies));
        }

        var service = CreateService(workload, options);
        var demand = new int[workload.Count];
        for (var i = 0; i < demand.Length; i++)
        {
            demand[i] = service.Demand(workload.RequestsPerSecond[i]);
        }

        var bound = SloYardstick.Bound(workload.RequestsPerSecond, service, options.LatencySlo);
        var runs = new List<PolicyRun>(policies.Count);
        var total = (double)workload.Count * policies.Count;
        var reportEvery = Math.Max(1, workload.Count / 100);
        for (var p = 0; p < policies.Count; p++)
        {
            var done = (double)p * workload.Count;
            var simulation = new PolicySimulation(workload, service, options, policies[p], demand, bound: bound);
            runs.Add(simulation.Run(progress is null ? null : step =>
            {
                if (step % reportEvery == 0)
                {
                    progress.Report((done + step) / total);
                }
            }));
        }

        progress?.Report(1);
        var baseline = options.SpeedupBaseline is { } name ? runs.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase)) : null;
        if (baseline is not null)
        {
            foreach (var run in runs)
            {
                run.ElasticSpeedup = ElasticityCalculator.ElasticSpeedup(run.Metrics, baseline.Metrics);
            }
        }

        var ordered = Rank(runs);
        return new SimulationResult(workload, service, demand, ordered, baseline?.Name, bound, options.SloTarget, options.LatencySlo)
        {
            StoppedCostRatio = options.StoppedCostRatio,
            WarmPoolSize = options.WarmPoolSize,
        };
    }

    /// <summary>
    /// Orders runs best first by the SLO yardstick: those that reach the attainment target by cost (lowest first), then the
    /// rest by attainment (highest first), ties by name. The autoscaling deviation no longer ranks: it stays in the report
    /// as the research yardstick.
    /// </summary>
    /// <param name="runs">The runs.</param>
    /// <returns>The runs in rank order.</returns>
    public static List<PolicyRun> Rank(IEnumerable<PolicyRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        return runs
            .OrderByDescending(r => r.Slo.MeetsTarget)
            .ThenBy(r => r.Slo.MeetsTarget ? r.Slo.InstanceHours : 0)
            .ThenByDescending(r => r.Slo.Attainment)
            .ThenBy(r => r.Name, StringComparer.Ordinal)
            .ToList();
    }
}
