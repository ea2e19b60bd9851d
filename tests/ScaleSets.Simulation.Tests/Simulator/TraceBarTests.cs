using ScaleSets.Simulation.Policies;
using ScaleSets.Simulation.Runs;
using ScaleSets.Simulation.Workloads;

namespace ScaleSets.Simulation.Tests.Simulator;

/// <summary>
/// The simulator on the public traces in ../shared/traces, whole, with a 5-minute boot time, as benchmarks/README.md
/// records it. Policies are ranked by the SLO yardstick (issue 18): those within the SLO in at least 99% of the steps by
/// cost, then the rest by attainment. The figures pinned are the ones recorded: <c>default</c>'s SLO attainment (it does
/// not reach 99% on these traces yet: the SLO-driven default of issue 18 is what is to fix that) and its autoscaling
/// deviation and τU, which stay in the report as the research yardstick.
/// </summary>
[TestFixture]
public sealed class TraceBarTests
{
    [TestCase("nasa-http-1995-per-minute.csv", WorkloadUnit.PerInterval, 88.262, 55.03, 37.51)]
    [TestCase("nab-elb-request-count-8c0756.csv", WorkloadUnit.PerInterval, 59.267, 62.81, 51.31)]
    [TestCase("nab-asg-cpu-misconfiguration.csv", WorkloadUnit.PerSecond, 91.654, 44.25, 38.38)]
    public void Run_WholeSharedTrace_RankedBySloWithDefaultAsRecorded(string file, WorkloadUnit unit, double attainmentPercent, double deviation, double tauU)
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
            Assert.That(policy.Metrics.Deviation, Is.EqualTo(deviation).Within(0.01), "the deviation recorded in benchmarks/README.md");
            Assert.That(policy.Metrics.TauU, Is.EqualTo(tauU).Within(0.01), "the τU recorded in benchmarks/README.md");
            Assert.That(staticPeak.Slo.Attainment, Is.EqualTo(1), "the peak, held throughout, is never overloaded");
            Assert.That(staticPeak.Slo.CostRatio, Is.GreaterThanOrEqualTo(1), "a policy within the SLO at every step costs at least the bound");
        });
    }
}
