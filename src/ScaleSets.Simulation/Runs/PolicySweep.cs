using System.Globalization;
using ScaleSets.Simulation.Elasticity;
using ScaleSets.Simulation.Policies;
using ScaleSets.Simulation.Service;
using ScaleSets.Simulation.Workloads;

namespace ScaleSets.Simulation.Runs;

/// <summary>
/// Runs each built-in policy family over its knob, so a user sees what each extra nine of SLO attainment costs with each
/// policy (the cost–SLO frontier): the CPU baselines over their target utilization (HPA's and AWS's target, Azure's and
/// React's scale-out threshold) from 30% to 90%, and <c>default</c> over the SLO attainment it is asked to keep (it takes
/// no utilization to aim at) from 95% to 99.99%. Variants run in parallel, each an
/// ordinary simulation through the real engine and controller; the workload, the service model and the clairvoyant bound
/// are the same for all (only the policy's setting changes).
/// </summary>
public static class PolicySweep
{
    /// <summary>The knob of the CPU baselines.</summary>
    public const string TargetUtilizationKnob = "target utilization";

    /// <summary>Gets the knob values of the CPU baselines: 30% to 90% in steps of 10 points.</summary>
    public static IReadOnlyList<double> TargetUtilizations { get; } = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

    /// <summary>The knob of the SLO-driven default: the share of steps it is asked to keep within the SLO.</summary>
    public const string AttainmentTargetKnob = "attainment target";

    /// <summary>Gets the knob values of the default: 95% to 99.99% of steps, about one more nine per two values.</summary>
    public static IReadOnlyList<double> AttainmentTargets { get; } = [0.95, 0.98, 0.99, 0.995, 0.999, 0.9999];

    /// <summary>Gets the families swept, in the order they are drawn.</summary>
    public static IReadOnlyList<string> Families { get; } =
        [BuiltInPolicies.Default, BuiltInPolicies.Hpa, BuiltInPolicies.Azure, BuiltInPolicies.AwsTargetTracking, BuiltInPolicies.React, BuiltInPolicies.Predictive];

    /// <summary>Builds every variant of every family: one setting per knob value, named <c>family@value</c>.</summary>
    /// <param name="context">The simulation's policy context; each variant gets a copy with its knob set.</param>
    /// <returns>The variants, family by family, knob ascending.</returns>
    public static IReadOnlyList<SweepVariant> Variants(PolicyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var variants = new List<SweepVariant>();
        foreach (var family in Families)
        {
            if (family == BuiltInPolicies.Default)
            {
                // The SLO-driven default takes the attainment to keep, never a utilization: sweep that.
                foreach (var value in AttainmentTargets)
                {
                    var policy = BuiltInPolicies.Create(family, context with { SloTarget = value });
                    variants.Add(new SweepVariant(family, AttainmentTargetKnob, value, policy with { Name = NameOf(family, value) }));
                }

                continue;
            }

            foreach (var value in TargetUtilizations)
            {
                var service = new ServiceModel(context.Service.InstanceCapacity, value);
                var policy = BuiltInPolicies.Create(family, context with { Service = service });
                variants.Add(new SweepVariant(family, TargetUtilizationKnob, value, policy with { Name = NameOf(family, value) }));
            }
        }

        return variants;
    }

    /// <summary>The variant's name: <c>family@value</c> with the knob in percent, e.g. <c>hpa@70%</c> or <c>default@99.9%</c>.</summary>
    /// <param name="family">The family.</param>
    /// <param name="value">The knob's value, a fraction.</param>
    /// <returns>The name.</returns>
    public static string NameOf(string family, double value) => string.Create(CultureInfo.InvariantCulture, $"{family}@{100 * value:0.##}%");

    /// <summary>Runs every variant over the workload, up to <paramref name="parallelism"/> at once.</summary>
    /// <param name="workload">The workload.</param>
    /// <param name="variants">The variants (<see cref="Variants"/>); names must be unique.</param>
    /// <param name="options">The options; validated.</param>
    /// <param name="parallelism">How many variants run at once (at least 1; the processor count is a good choice).</param>
    /// <returns>One point per variant, in the order of <paramref name="variants"/>.</returns>
    /// <exception cref="ArgumentException">The options are invalid, no variant is given, or two share a name.</exception>
    public static IReadOnlyList<SweepPoint> Run(Workload workload, IReadOnlyList<SweepVariant> variants, SimulationOptions options, int parallelism)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(variants);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        options.ThrowIfInvalid();
        if (variants.Count == 0)
        {
            throw new ArgumentException("no variant to simulate", nameof(variants));
        }

        var duplicate = variants.GroupBy(v => v.Policy.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"the variant name '{duplicate.Key}' is given more than once", nameof(variants));
        }

        // What every variant shares is computed once: the service model, each step's demand and the clairvoyant bound.
        var service = SimulationRunner.CreateService(workload, options);
        var demand = new int[workload.Count];
        for (var i = 0; i < demand.Length; i++)
        {
            demand[i] = service.Demand(workload.RequestsPerSecond[i]);
        }

        var bound = SloYardstick.Bound(workload.RequestsPerSecond, service, options.LatencySlo);
        var runs = new PolicyRun[variants.Count];
        Parallel.For(0, variants.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, i =>
        {
            runs[i] = new PolicySimulation(workload, service, options, variants[i].Policy, demand, bound: bound).Run();
        });

        return [.. variants.Select((v, i) => new SweepPoint(v.Family, v.Knob, v.Value, runs[i]))];
    }
}
