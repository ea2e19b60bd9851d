using ScaleSets.Simulation.Policies;
using ScaleSets.Simulation.Runs;
using ScaleSets.Simulation.Workloads;

namespace ScaleSets.Simulation.Tests.Simulator;

/// <summary>
/// The simulator on the public traces in ../shared/traces, whole, with a 5-minute boot time, as benchmarks/README.md
/// records it. Policies are ranked by the SLO yardstick (issue 18): those within the SLO in at least 99% of the steps by
/// cost, then the rest by attainment. The bar of issue 18 for <c>default</c> (the SLO objective): at least 99% on every
/// trace, at the lowest cost of the built-in policies that also reach it; it holds on all three since the rule learns how
/// long to hold its capacity (NASA 1.826 times the bound against <c>predictive</c>'s 2.035, ELB 4.413 against
/// <c>static-peak</c>'s 13.139, ASG 2.289 against <c>azure</c>'s 2.539). The deviation and τU stay in the report as the
/// research yardstick.
/// </summary>
[TestFixture]
public sealed class TraceBarTests
{
    [TestCase("nasa-http-1995-per-minute.csv", WorkloadUnit.PerInterval, 99.223, 1.826, true)]
    [TestCase("nab-elb-request-count-8c0756.csv", WorkloadUnit.PerInterval, 99.183, 4.413, true)]
    [TestCase("nab-asg-cpu-misconfiguration.csv", WorkloadUnit.PerSecond, 99.186, 2.289, true)]
    public void Run_WholeSharedTrace_DefaultReachesTheSloAsRecorded(string file, WorkloadUnit unit, double attainmentPercent, double costRatio, bool cheapest)
    {
        var path = SharedTraceTests.TracePath(file);
        var options = new SimulationOptions { BootTime = TimeSpan.FromMinutes(5) };
        var workload = TraceWorkload.ReadCsv(path, null, unit, TimeSpan.FromMinutes(1));
        var context = SimulationRunner.CreateContext(workload, options);

        var result = SimulationRunner.Run(workload, [.. BuiltInPolicies.Names.Select(n => BuiltInPolicies.Create(n, context))], options);

        var policy = result.Policies.Single(p => p.Name == BuiltInPolicies.Default);
        var staticPeak = result.Policies.Single(p => p.Name == BuiltInPolicies.StaticPeak);
        Assert.Multiple(() =>
        {
            Assert.That(result.Policies.Select(p => p.Name), Is.EquivalentTo(BuiltInPolicies.Names));
            Assert.That(result.Policies.Select(p => p.Name), Is.EqualTo(SimulationRunner.Rank(result.Policies).Select(p => p.Name)), $"ranking: {string.Join(", ", result.Policies.Select(p => $"{p.Name} {100 * p.Slo.Attainment:F3}% {p.Slo.CostRatio:F3}x"))}");
            Assert.That(100 * policy.Slo.Attainment, Is.EqualTo(attainmentPercent).Within(0.001), "the attainment recorded in benchmarks/README.md");
            Assert.That(policy.Slo.CostRatio, Is.EqualTo(costRatio).Within(0.001), "the cost recorded in benchmarks/README.md");
            Assert.That(policy.Slo.Attainment, Is.GreaterThanOrEqualTo(0.99), "the bar: at least 99%");
            Assert.That(result.Policies.Where(p => p.Name != BuiltInPolicies.Default && p.Slo.MeetsTarget).All(p => p.Slo.CostRatio > policy.Slo.CostRatio), Is.EqualTo(cheapest), "the bar: the cheapest of those reaching 99% (recorded as it is)");
            Assert.That(staticPeak.Slo.Attainment, Is.EqualTo(1), "the peak, held throughout, is never overloaded");
            Assert.That(staticPeak.Slo.CostRatio, Is.GreaterThanOrEqualTo(1), "a policy within the SLO at every step costs at least the bound");
        });
    }
}
