using ScaleSets.Simulation.Elasticity;

namespace ScaleSets.Simulation.Runs;

/// <summary>The run of one policy: its metrics and its supply at every step.</summary>
public sealed class PolicyRun
{
    internal PolicyRun(string name, ElasticityMetrics metrics, int[] supply, int[] billed, int[] actionSteps, long failedBoots, IReadOnlyList<string> warnings, SloMetrics slo, double[] utilization, bool[] sloViolated)
    {
        Slo = slo;
        Utilization = utilization;
        SloViolated = sloViolated;
        Name = name;
        Metrics = metrics;
        Supply = supply;
        Billed = billed;
        ActionSteps = actionSteps;
        FailedBoots = failedBoots;
        Warnings = warnings;
    }

    /// <summary>Gets the policy's name.</summary>
    public string Name { get; }

    /// <summary>Gets the elasticity metrics.</summary>
    public ElasticityMetrics Metrics { get; }

    /// <summary>Gets the SLO attainment and the cost against the clairvoyant lower bound: the yardstick the policies are ranked by.</summary>
    public SloMetrics Slo { get; }

    /// <summary>Gets the utilization of the ready instances at each step (1 is 100%; infinite with load and no instance).</summary>
    public IReadOnlyList<double> Utilization { get; }

    /// <summary>Gets whether each step was outside the SLO.</summary>
    public IReadOnlyList<bool> SloViolated { get; }

    /// <summary>Gets the instances the load balancer had in rotation at each step.</summary>
    public IReadOnlyList<int> Supply { get; }

    /// <summary>Gets the instances paid for at each step: every instance that existed in the cloud (booting, serving or draining).</summary>
    public IReadOnlyList<int> Billed { get; }

    /// <summary>Gets the instances of <see cref="Billed"/> that were stopped at each step (warm-pool instances), billed at the stopped cost ratio.</summary>
    public IReadOnlyList<int> Stopped { get; internal init; } = [];

    /// <summary>Gets the steps at which a scale action was decided (a step may appear once per action).</summary>
    public IReadOnlyList<int> ActionSteps { get; }

    /// <summary>Gets the number of instances the controller's automatic repair replaced; in a simulation, boots that ended unhealthy.</summary>
    public long FailedBoots { get; }

    /// <summary>Gets what went wrong without stopping the run, such as rules whose metric the simulation does not report.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Gets the elastic speedup over the run's baseline, or <see langword="null"/> when none was named or it was not run.</summary>
    public double? ElasticSpeedup { get; internal set; }
}
