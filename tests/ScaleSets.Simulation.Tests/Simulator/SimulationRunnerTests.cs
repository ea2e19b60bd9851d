using ScaleSets.Model;
using ScaleSets.Simulation.Policies;
using ScaleSets.Simulation.Runs;
using ScaleSets.Simulation.Workloads;

namespace ScaleSets.Simulation.Tests.Simulator;

[TestFixture]
public sealed class SimulationRunnerTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    private static Workload StepUp(int before, int after, double low, double high) =>
        new("step", Start, TimeSpan.FromMinutes(1), [.. Enumerable.Repeat(low, before), .. Enumerable.Repeat(high, after)]);

    private static SimulationResult Run(Workload workload, SimulationOptions options, params string[] policies)
    {
        var context = SimulationRunner.CreateContext(workload, options);
        return SimulationRunner.Run(workload, [.. policies.Select(p => BuiltInPolicies.Create(p, context))], options);
    }

    [Test]
    public void Run_StaticPeak_SupplyIsThePeakDemandThroughout()
    {
        var result = Run(StepUp(30, 30, 100, 700), new SimulationOptions { PeakInstances = 20 }, BuiltInPolicies.StaticPeak);
        var run = result.Policies.Single();
        Assert.Multiple(() =>
        {
            Assert.That(result.Demand.Max(), Is.EqualTo(20));
            Assert.That(run.Supply, Is.All.EqualTo(20));
            Assert.That(run.Metrics.TauU, Is.EqualTo(0));
            Assert.That(run.Metrics.Actions, Is.EqualTo(0));
        });
    }

    [Test]
    public void Run_LoadSteps_DefaultSupplyRisesOnlyAfterTheProvisioningTimeAndThenMeetsDemand()
    {
        var options = new SimulationOptions { PeakInstances = 20, BootTime = TimeSpan.FromMinutes(5), BootTimeSpread = TimeSpan.Zero, CreateLatency = TimeSpan.FromSeconds(30) };
        var result = Run(StepUp(20, 40, 100, 700), options, BuiltInPolicies.Default);
        var run = result.Policies.Single();
        Assert.Multiple(() =>
        {
            Assert.That(run.Supply[20], Is.LessThan(20), "nothing is ready at the step");
            Assert.That(run.Supply.Skip(20).Take(5), Is.All.EqualTo(run.Supply[20]), "the decision at the end of minute 20 needs 5.5 minutes");
            Assert.That(run.Supply[30], Is.GreaterThanOrEqualTo(14), "ready once provisioning is over: at least the 700 / R = 14 instances the SLO needs");
            Assert.That(run.ActionSteps, Is.Not.Empty);
        });
    }

    [Test]
    public void Run_AllBuiltInsOnADay_RankedBySloAndRepeatable()
    {
        var day = SyntheticWorkload.Create(SyntheticWorkload.Web, 3).Slice(null, SyntheticWorkload.Start.AddDays(1));
        var options = new SimulationOptions { Seed = 3 };
        var first = Run(day, options, [.. BuiltInPolicies.Names]);
        var second = Run(day, options, [.. BuiltInPolicies.Names]);
        Assert.Multiple(() =>
        {
            Assert.That(first.Policies.Select(p => p.Name), Is.EquivalentTo(BuiltInPolicies.Names));
            Assert.That(first.Policies.Select(p => p.Name), Is.EqualTo(SimulationRunner.Rank(first.Policies).Select(p => p.Name)), "ranked by the SLO yardstick");
            Assert.That(first.Policies.Select(p => p.Metrics), Is.EqualTo(second.Policies.Select(p => p.Metrics)), "same seed, same result");
            Assert.That(first.Policies.Single(p => p.Name == BuiltInPolicies.StaticPeak).ElasticSpeedup, Is.EqualTo(1).Within(1e-12));
            Assert.That(first.Policies.Single(p => p.Name == BuiltInPolicies.Default).ElasticSpeedup, Is.GreaterThan(1), "default beats never scaling");
        });
    }

    [Test]
    public void Run_SettingOnAMetricTheSimulationDoesNotReport_WarnsAndStillRuns()
    {
        var setting = new AutoscaleSetting
        {
            Name = "queue",
            Profiles =
            [
                new AutoscaleProfile
                {
                    Name = "p",
                    Capacity = new ScaleCapacity { Minimum = 1, Maximum = 10, Default = 1 },
                    Rules = [new ScaleRule { Name = "q", MetricTrigger = new MetricTrigger { MetricName = "QueueLength", Threshold = 5 }, ScaleAction = new ScaleAction() }],
                },
            ],
        };
        var result = SimulationRunner.Run(StepUp(10, 10, 10, 20), [new SimulationPolicy("queue", setting)], new SimulationOptions { PeakInstances = 4 });
        Assert.That(result.Policies.Single().Warnings.Single(), Does.Contain("QueueLength").And.Contain("queue"));
    }

    [Test]
    public void Run_DuplicatePolicyNames_Throws()
    {
        var workload = StepUp(5, 5, 1, 2);
        var context = SimulationRunner.CreateContext(workload, new SimulationOptions());
        var policy = BuiltInPolicies.Create(BuiltInPolicies.Hpa, context);
        Assert.Throws<ArgumentException>(() => SimulationRunner.Run(workload, [policy, policy], new SimulationOptions()));
    }

    [Test]
    public void Run_OverloadedSupply_CountsSloViolationMinutes()
    {
        // Azure's +1 per 5 minutes cannot follow a sevenfold step: utilization stays above 100% for a while.
        var result = Run(StepUp(15, 45, 100, 700), new SimulationOptions { PeakInstances = 20 }, BuiltInPolicies.Azure);
        Assert.That(result.Policies.Single().Metrics.SloViolationMinutes, Is.GreaterThan(10));
    }

    [Test]
    public void Run_LatencySlo_StricterSloCountsMoreMinutes()
    {
        var workload = StepUp(15, 45, 100, 700);
        var loose = Run(workload, new SimulationOptions { PeakInstances = 20, LatencySlo = TimeSpan.FromSeconds(100) }, BuiltInPolicies.Hpa);
        // R is 50 requests/s here (1/R = 20 ms): 25 ms is strict but reachable.
        var strict = Run(workload, new SimulationOptions { PeakInstances = 20, LatencySlo = TimeSpan.FromMilliseconds(25) }, BuiltInPolicies.Hpa);
        Assert.Multiple(() =>
        {
            Assert.That(strict.Policies.Single().Metrics.SloViolationMinutes, Is.GreaterThan(loose.Policies.Single().Metrics.SloViolationMinutes));
            Assert.That(strict.Policies.Single().Slo.Attainment, Is.LessThan(loose.Policies.Single().Slo.Attainment));
            Assert.That(strict.Bound.Sum(), Is.GreaterThan(loose.Bound.Sum()), "a stricter latency needs more instances at the bound");
        });
    }

    [Test]
    public void Run_LatencySloBelowTheServiceTime_RefusedBeforeAnyRun() =>
        Assert.That(
            () => Run(StepUp(15, 45, 100, 700), new SimulationOptions { PeakInstances = 20, LatencySlo = TimeSpan.FromMilliseconds(1) }, BuiltInPolicies.Hpa),
            Throws.ArgumentException.With.Message.Contains("no number of instances meets it"));

    [Test]
    public void Run_SettingWatchingItsOwnRateName_WarnedWithoutAnAliasAndTheSameRunAsDefaultWithIt()
    {
        var workload = SyntheticWorkload.Create(SyntheticWorkload.Web, 1).Slice(null, SyntheticWorkload.Start.AddHours(6));
        var plain = new SimulationOptions { PeakInstances = 20 };
        var aliased = new SimulationOptions { PeakInstances = 20 };
        aliased.RequestRateMetricAliases.Add("RequestsPerSecond");
        SimulationPolicy Renamed()
        {
            var policy = BuiltInPolicies.Create(BuiltInPolicies.Default, SimulationRunner.CreateContext(workload, plain));
            foreach (var rule in policy.Setting.Profiles.SelectMany(p => p.Rules))
            {
                rule.MetricTrigger.MetricName = "RequestsPerSecond";
            }

            return policy with { Name = "mine" };
        }

        var reference = Run(workload, plain, BuiltInPolicies.Default).Policies.Single();
        var withoutAlias = SimulationRunner.Run(workload, [Renamed()], plain).Policies.Single();
        var withAlias = SimulationRunner.Run(workload, [Renamed()], aliased).Policies.Single();

        Assert.Multiple(() =>
        {
            Assert.That(withoutAlias.Warnings.Single(), Does.Contain("rule 'requests-per-instance-slo' watches 'RequestsPerSecond', which the simulation does not report").And.Contain("--request-metric"));
            Assert.That(withoutAlias.Metrics.Actions, Is.Zero, "the rule sees missing data");
            Assert.That(withAlias.Warnings, Is.Empty);
            Assert.That(withAlias.Supply, Is.EqualTo(reference.Supply), "the rate under the alias drives the same run");
            Assert.That(withAlias.Metrics.Deviation, Is.EqualTo(reference.Metrics.Deviation));
        });
    }

    [Test]
    public void Run_PredictiveOnAnUnreportedMetric_Warned()
    {
        var workload = SyntheticWorkload.Create(SyntheticWorkload.Web, 1).Slice(null, SyntheticWorkload.Start.AddHours(2));
        var options = new SimulationOptions { PeakInstances = 20 };
        var policy = BuiltInPolicies.Create(BuiltInPolicies.Predictive, SimulationRunner.CreateContext(workload, options));
        policy.Setting.Predictive!.MetricName = "RequestsPerSecond";

        var run = SimulationRunner.Run(workload, [policy], options).Policies.Single();

        Assert.That(run.Warnings.Single(), Does.StartWith("policy 'predictive': the predictive policy forecasts 'RequestsPerSecond', which the simulation does not report").And.EndWith("it has no history and stands aside"));
    }

    [Test]
    public void Run_StepLongerThanTheRulesWindows_AgentsReportEveryMinuteSoThePoliciesSeeData()
    {
        // Quarter-hour steps: low for two hours, then high. Every built-in rule's window (5 to 10 minutes) is shorter than a step.
        var workload = new Workload("quarter-hours", Start, TimeSpan.FromMinutes(15), [.. Enumerable.Repeat(100.0, 8), .. Enumerable.Repeat(700.0, 8)]);
        var everyMinute = new SimulationOptions { PeakInstances = 20 };
        var oncePerStep = new SimulationOptions { PeakInstances = 20, MetricReportInterval = TimeSpan.FromMinutes(15) };

        var reported = Run(workload, everyMinute, BuiltInPolicies.Default, BuiltInPolicies.Hpa, BuiltInPolicies.Azure);
        var blind = Run(workload, oncePerStep, BuiltInPolicies.Default).Policies.Single();

        Assert.Multiple(() =>
        {
            foreach (var run in reported.Policies)
            {
                Assert.That(run.Metrics.Actions, Is.GreaterThan(0), run.Name);
            }

            // Azure's rules add one instance per evaluation, and an evaluation comes every 15 minutes; the trackers jump to demand.
            Assert.That(reported.Policies.Where(p => p.Name != BuiltInPolicies.Azure).Select(p => p.Supply[^1]), Is.All.GreaterThanOrEqualTo(20), "the trackers meet the peak demand of 20 by the last step");

            Assert.That(blind.Metrics.Actions, Is.Zero, "reporting once per step leaves the 5-minute window empty at every evaluation");
        });
    }

    [Test]
    public void Options_MetricAliasEmptyOrAlreadyReported_Invalid()
    {
        var options = new SimulationOptions();
        options.CpuMetricAliases.Add(" ");
        options.RequestRateMetricAliases.Add("percentage cpu");
        var error = Assert.Throws<ArgumentException>(options.ThrowIfInvalid);
        Assert.That(error!.Message, Is.EqualTo("CPU metric alias: a name is empty; request rate metric alias: 'percentage cpu' already names a metric the simulation reports"));
    }

    [Test]
    public void Options_Invalid_MessageNamesEveryProblem()
    {
        var error = Assert.Throws<ArgumentException>(() => new SimulationOptions { TargetUtilization = 2, PeakInstances = 0 }.ThrowIfInvalid());
        Assert.That(error!.Message, Does.Contain("target utilization").And.Contain("peak instances"));
    }

    [Test]
    public void Run_PoliciesMeetingTheTarget_RankedByCostBeforeTheOthersByAttainment()
    {
        // static-peak always meets the SLO; a setting that never scales stays at the first demand and misses it.
        var options = new SimulationOptions { PeakInstances = 20, SloTarget = 0.99 };
        var result = Run(StepUp(30, 30, 100, 700), options, BuiltInPolicies.StaticPeak, BuiltInPolicies.Default);
        var ranked = result.Policies;

        Assert.Multiple(() =>
        {
            Assert.That(ranked.Select(r => r.Slo.MeetsTarget), Is.Ordered.Descending, "those meeting the target first");
            Assert.That(ranked.Where(r => r.Slo.MeetsTarget).Select(r => r.Slo.InstanceHours), Is.Ordered, "by cost");
            Assert.That(ranked.Where(r => !r.Slo.MeetsTarget).Select(r => r.Slo.Attainment), Is.Ordered.Descending, "then by attainment");
            Assert.That(result.Bound, Has.Count.EqualTo(60));
            Assert.That(ranked.Select(r => r.Slo.BoundInstanceHours).Distinct(), Has.Exactly(1).Items, "one bound for every policy");
            var staticPeak = ranked.Single(r => r.Name == BuiltInPolicies.StaticPeak);
            Assert.That(staticPeak.Slo.Attainment, Is.EqualTo(1));
            Assert.That(staticPeak.Slo.CostRatio, Is.GreaterThan(1), "20 instances throughout cost more than the bound's 2 then 15");
            Assert.That(staticPeak.SloViolated.Count(v => v), Is.EqualTo(0));
            Assert.That(staticPeak.Utilization.Max(), Is.LessThanOrEqualTo(1));
        });
    }

    [Test]
    public void Rank_AttainmentTies_ByCostThenName()
    {
        var runs = new[]
        {
            RunWith("b", attainment: 0.995, hours: 120),
            RunWith("a", attainment: 0.999, hours: 150),
            RunWith("c", attainment: 0.98, hours: 80),
            RunWith("d", attainment: 0.97, hours: 60),
            RunWith("e", attainment: 0.995, hours: 120),
        };

        var ranked = SimulationRunner.Rank(runs);

        Assert.That(ranked.Select(r => r.Name), Is.EqualTo(new[] { "b", "e", "a", "c", "d" }));
    }

    private static PolicyRun RunWith(string name, double attainment, double hours) => new(
        name,
        new ScaleSets.Simulation.Elasticity.ElasticityMetrics(0, 0, 0, 0, 0, 0, hours, 0, 0, 0),
        [1],
        [1],
        [],
        0,
        [],
        new ScaleSets.Simulation.Elasticity.SloMetrics(attainment, 0.99, hours, 50),
        [0.5],
        [false]);
}
