using ScaleSets.Model;
using ScaleSets.Simulation.Policies;
using ScaleSets.Simulation.Runs;
using ScaleSets.Simulation.Workloads;

namespace ScaleSets.Simulation.Tests.Simulator;

[TestFixture]
public sealed class DefaultPolicyTests
{
    private static PolicyContext Context()
    {
        var week = SyntheticWorkload.Create(SyntheticWorkload.Web, 1);
        return SimulationRunner.CreateContext(week, new SimulationOptions());
    }

    [Test]
    public void Create_Default_TracksRequestsPerInstanceWithAnAdaptiveScaleInWindowAndNoFloor()
    {
        var context = Context();
        var setting = BuiltInPolicies.Create(BuiltInPolicies.Default, context).Setting;
        var rule = setting.Profiles.Single().Rules.Single();
        Assert.Multiple(() =>
        {
            Assert.That(setting.Predictive, Is.Null, "a floor only trades under- for over-provisioning");
            Assert.That(rule.MetricTrigger.MetricName, Is.EqualTo(SimulationMetricNames.RequestsPerSecond));
            Assert.That(rule.MetricTrigger.DividePerInstance, Is.True);
            Assert.That(rule.MetricTrigger.TimeAggregation, Is.EqualTo(TimeAggregationType.Last));
            Assert.That(rule.TargetTracking!.TargetValue, Is.EqualTo(context.Service.RequestsPerInstanceAtTarget));
            Assert.That(rule.TargetTracking.Tolerance, Is.EqualTo(0));
            Assert.That(rule.TargetTracking.ScaleUp.StabilizationWindow, Is.EqualTo(TimeSpan.Zero));
            Assert.That(rule.TargetTracking.ScaleDown.StabilizationWindow, Is.EqualTo(context.ProvisioningTime), "the longest window the adaptation considers");
            Assert.That(rule.TargetTracking.ScaleDown.ProvisioningTime, Is.EqualTo(context.ProvisioningTime));
        });
    }

    [Test]
    public void Create_Predictive_RefitsEverySixHoursWithAFloorAtTheUpperQuantile()
    {
        var context = Context();
        var predictive = BuiltInPolicies.Create(BuiltInPolicies.Predictive, context).Setting.Predictive;
        Assert.Multiple(() =>
        {
            Assert.That(predictive, Is.Not.Null);
            Assert.That(predictive!.Mode, Is.EqualTo(PredictiveScalingMode.Enabled));
            Assert.That(predictive.RefitInterval, Is.EqualTo(TimeSpan.FromHours(6)));
            Assert.That(predictive.Quantile, Is.EqualTo(0.9));
            Assert.That(predictive.LeadTime, Is.EqualTo(context.ProvisioningTime));
        });
    }

    [Test]
    public void Run_SyntheticWeekWithFiveMinuteBoot_DefaultMeetsTheSloWithTheLowestDeviationAsRecorded()
    {
        // Ranked by the SLO yardstick (issue 18), default is within the SLO in 99.762% of the week's minutes; hpa (HPA's own
        // semantics since issue 15) reaches 99% a little cheaper. The deviation, the research yardstick, stays lowest.
        var options = new SimulationOptions { BootTime = TimeSpan.FromMinutes(5) };
        var week = SyntheticWorkload.Create(SyntheticWorkload.Web, options.Seed);
        var context = SimulationRunner.CreateContext(week, options);
        var result = SimulationRunner.Run(week, [.. BuiltInPolicies.Names.Select(n => BuiltInPolicies.Create(n, context))], options);
        var policy = result.Policies.Single(p => p.Name == BuiltInPolicies.Default);
        var lowestOther = result.Policies.Where(p => p.Name != BuiltInPolicies.Default).Min(p => p.Metrics.Deviation);
        Assert.Multiple(() =>
        {
            Assert.That(policy.Slo.MeetsTarget, Is.True);
            Assert.That(100 * policy.Slo.Attainment, Is.EqualTo(99.762).Within(0.001), "the attainment recorded in benchmarks/README.md");
            Assert.That(policy.Metrics.Deviation, Is.LessThan(lowestOther * 0.9), "a clear margin, not noise");
            Assert.That(policy.Metrics.Deviation, Is.EqualTo(40.90).Within(0.5));
        });
    }
}
