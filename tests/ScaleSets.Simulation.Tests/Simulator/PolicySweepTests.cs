using ScaleSets.Simulation.Policies;
using ScaleSets.Simulation.Runs;
using ScaleSets.Simulation.Workloads;

namespace ScaleSets.Simulation.Tests.Simulator;

[TestFixture]
public sealed class PolicySweepTests
{
    private static readonly SimulationOptions Options = new() { PeakInstances = 20 };

    private static Workload SixHours() => SyntheticWorkload.Create(SyntheticWorkload.Web, seed: 3).Slice(null, new DateTimeOffset(2026, 3, 2, 6, 0, 0, TimeSpan.Zero));

    [Test]
    public void Variants_EveryFamilyAtEveryKnobValue_UniquelyNamedAndAimedAtIt()
    {
        var workload = SixHours();
        var context = SimulationRunner.CreateContext(workload, Options);

        var variants = PolicySweep.Variants(context);

        var hpa70 = variants.Single(v => v.Policy.Name == "hpa@70%");
        var hpa30 = variants.Single(v => v.Policy.Name == "hpa@30%");
        var defaults = variants.Where(v => v.Family == BuiltInPolicies.Default).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(variants, Has.Count.EqualTo(((PolicySweep.Families.Count - 1) * PolicySweep.TargetUtilizations.Count) + PolicySweep.AttainmentTargets.Count));
            Assert.That(variants.Select(v => v.Policy.Name), Is.Unique);
            Assert.That(hpa30.Policy.Setting.Profiles[0].Rules[0].TargetTracking!.TargetValue, Is.EqualTo(30));
            Assert.That(hpa70.Policy.Setting.Profiles[0].Rules[0].TargetTracking!.TargetValue, Is.EqualTo(70));
            Assert.That(variants.Single(v => v.Policy.Name == "aws-target-tracking@50%").Policy.InstanceWarmup, Is.EqualTo(TimeSpan.FromSeconds(300)));

            // The SLO-driven default takes no utilization: its knob is the attainment it is asked to keep.
            Assert.That(defaults.Select(v => v.Policy.Name), Is.EqualTo(new[] { "default@95%", "default@98%", "default@99%", "default@99.5%", "default@99.9%", "default@99.99%" }));
            Assert.That(defaults, Has.All.Matches<SweepVariant>(v => v.Knob == PolicySweep.AttainmentTargetKnob));
            Assert.That(defaults.Select(v => v.Policy.Setting.Profiles[0].Rules[0].TargetTracking!.Slo!.Attainment), Is.EqualTo(PolicySweep.AttainmentTargets));
        });
    }

    /// <summary>The default's knob is live: asked for more nines, it buys more capacity and keeps more steps within the SLO.</summary>
    [Test]
    public void Run_DefaultAtAHigherAttainmentTarget_CostsMoreAndAttainsAtLeastAsMuch()
    {
        var workload = SixHours();
        var context = SimulationRunner.CreateContext(workload, Options);
        var variants = PolicySweep.Variants(context).Where(v => v.Family == BuiltInPolicies.Default && v.Value is 0.95 or 0.9999).ToList();

        var points = PolicySweep.Run(workload, variants, Options, parallelism: 2);

        Assert.Multiple(() =>
        {
            Assert.That(points[1].Run.Slo.InstanceHours, Is.GreaterThan(points[0].Run.Slo.InstanceHours));
            Assert.That(points[1].Run.Slo.Attainment, Is.GreaterThanOrEqualTo(points[0].Run.Slo.Attainment));
        });
    }

    /// <summary>The sweep's runs are the simulator's runs: a variant run alone gives the same figures, and a lower target costs more.</summary>
    [Test]
    public void Run_InParallel_SameFiguresAsEachVariantAloneAndALowerTargetCostsMore()
    {
        var workload = SixHours();
        var context = SimulationRunner.CreateContext(workload, Options);
        var variants = PolicySweep.Variants(context).Where(v => v.Family == BuiltInPolicies.Hpa && v.Value is 0.3 or 0.9).ToList();

        var points = PolicySweep.Run(workload, variants, Options, parallelism: 2);
        var alone = SimulationRunner.Run(workload, [variants[0].Policy], Options).Policies[0];

        Assert.Multiple(() =>
        {
            Assert.That(points.Select(p => p.Run.Name), Is.EqualTo(new[] { "hpa@30%", "hpa@90%" }));
            Assert.That(points[0].Run.Slo, Is.EqualTo(alone.Slo));
            Assert.That(points[0].Run.Slo.InstanceHours, Is.GreaterThan(points[1].Run.Slo.InstanceHours));
            Assert.That(points[0].Run.Slo.BoundInstanceHours, Is.EqualTo(points[1].Run.Slo.BoundInstanceHours));
        });
    }
}
