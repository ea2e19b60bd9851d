extern alias FsCheckNUnit;
using FsCheck;
using FsCheck.Fluent;
using ScaleSets.Simulation.Elasticity;

namespace ScaleSets.Simulation.Tests.Simulator;

[TestFixture]
public sealed class ElasticityCalculatorTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private static ElasticityMetrics Compute(int[] demand, int[] supply, bool[]? slo = null, int actions = 0) =>
        ElasticityCalculator.Compute(demand, supply, supply, slo ?? new bool[demand.Length], actions, Minute);

    [Test]
    public void Compute_SupplyEqualsDemandEverywhere_AllAccuracyTimeshareAndDeviationZero()
    {
        int[] demand = [1, 3, 5, 5, 2, 8];
        var m = Compute(demand, [.. demand]);
        Assert.Multiple(() =>
        {
            Assert.That(m.ThetaU, Is.EqualTo(0));
            Assert.That(m.ThetaO, Is.EqualTo(0));
            Assert.That(m.TauU, Is.EqualTo(0));
            Assert.That(m.TauO, Is.EqualTo(0));
            Assert.That(m.Instability, Is.EqualTo(0), "supply moves exactly with demand");
            Assert.That(m.Jitter, Is.EqualTo(0));
            Assert.That(m.Deviation, Is.EqualTo(0));
        });
    }

    [Test]
    public void Compute_StaticSupplyOfFourAgainstTwoFourSixFour_MatchesHandComputedFigures()
    {
        // d = 2,4,6,4; s = 4 throughout.
        // θU = 100/4 · (2/6) = 8.3333; θO = 100/4 · (2/2) = 25; τU = 25; τO = 25.
        // Δd = +,+,−; Δs = 0,0,0: every pair differs, υ = 100. Jitter = (0 − 3) / (4 min) = −45 per hour.
        var m = Compute([2, 4, 6, 4], [4, 4, 4, 4]);
        Assert.Multiple(() =>
        {
            Assert.That(m.ThetaU, Is.EqualTo(100.0 / 4 * (2.0 / 6)).Within(1e-12));
            Assert.That(m.ThetaO, Is.EqualTo(25).Within(1e-12));
            Assert.That(m.TauU, Is.EqualTo(25).Within(1e-12));
            Assert.That(m.TauO, Is.EqualTo(25).Within(1e-12));
            Assert.That(m.Instability, Is.EqualTo(100).Within(1e-12));
            Assert.That(m.Jitter, Is.EqualTo(-45).Within(1e-9));
            Assert.That(m.InstanceHours, Is.EqualTo(16.0 / 60).Within(1e-12));
            Assert.That(m.Deviation, Is.EqualTo(Math.Sqrt((8.3333333333333333 * 8.3333333333333333) + (3 * 625))).Within(1e-9));
        });
    }

    [Test]
    public void Compute_SupplyLagsDemandByOneStep_InstabilityCountsTheMismatchedPairs()
    {
        // d = 1,2,2,1; s = 1,1,2,2. Δd = +,0,−; Δs = 0,+,0 → all three pairs differ.
        var m = Compute([1, 2, 2, 1], [1, 1, 2, 2], slo: [false, true, false, false], actions: 2);
        Assert.Multiple(() =>
        {
            Assert.That(m.Instability, Is.EqualTo(100).Within(1e-12));
            Assert.That(m.TauU, Is.EqualTo(25).Within(1e-12));
            Assert.That(m.ThetaU, Is.EqualTo(100.0 / 4 * 0.5).Within(1e-12));
            Assert.That(m.TauO, Is.EqualTo(25).Within(1e-12));
            Assert.That(m.ThetaO, Is.EqualTo(25).Within(1e-12));
            Assert.That(m.Jitter, Is.EqualTo((1 - 2) / (4 / 60.0)).Within(1e-9));
            Assert.That(m.SloViolationMinutes, Is.EqualTo(1));
            Assert.That(m.Actions, Is.EqualTo(2));
        });
    }

    [Test]
    public void Compute_BilledIncludesBootingInstances_InstanceHoursFromBilled()
    {
        var m = ElasticityCalculator.Compute([1, 1], [1, 1], [3, 5], [false, false], 0, TimeSpan.FromHours(1));
        Assert.That(m.InstanceHours, Is.EqualTo(8));
    }

    [Test]
    public void Compute_DemandBelowOne_ThrowsNamingTheStep()
    {
        var error = Assert.Throws<ArgumentException>(() => Compute([1, 0], [1, 1]));
        Assert.That(error!.Message, Does.Contain("step 1"));
    }

    [Test]
    public void Compute_LengthsDiffer_Throws()
    {
        Assert.Throws<ArgumentException>(() => Compute([1, 2], [1]));
    }

    [Test]
    public void ElasticSpeedup_HalfEveryMetric_GeometricMeanOfSmoothedRatios()
    {
        var baseline = new ElasticityMetrics(9, 19, 29, 39, 49, 0, 0, 0, 0, 0);
        var policy = new ElasticityMetrics(4, 9, 14, 19, 24, 0, 0, 0, 0, 0);
        // (9+1)/(4+1) = 2, and so on for every metric: the speedup is exactly 2.
        Assert.Multiple(() =>
        {
            Assert.That(ElasticityCalculator.ElasticSpeedup(policy, baseline), Is.EqualTo(2).Within(1e-12));
            Assert.That(ElasticityCalculator.ElasticSpeedup(baseline, policy), Is.EqualTo(0.5).Within(1e-12));
            Assert.That(ElasticityCalculator.ElasticSpeedup(policy, policy), Is.EqualTo(1).Within(1e-12));
        });
    }

    [Test]
    public void ElasticSpeedup_ZeroOnOneSide_FiniteAndSmoothedByOnePoint()
    {
        var baseline = new ElasticityMetrics(0, 99, 0, 99, 0, 0, 0, 0, 0, 0);
        var policy = new ElasticityMetrics(1, 4, 1, 4, 0, 0, 0, 0, 0, 0);
        var expected = Math.Pow(0.5 * 20 * 0.5 * 20 * 1, 1.0 / 5);
        Assert.That(ElasticityCalculator.ElasticSpeedup(policy, baseline), Is.EqualTo(expected).Within(1e-12));
    }

    [Test]
    public void Compute_AnySeries_MetricsWithinTheirRangesAndDeviationIsTheNorm()
    {
        var series = Gen.Choose(1, 40).ArrayOf().Where(a => a.Length >= 2 && a.Length <= 200);
        Prop.ForAll(Arb.From(Gen.Zip(series, Gen.Choose(0, 1000))), pair =>
        {
            var (demand, seed) = pair;
            var random = new Random(seed);
            var supply = demand.Select(d => Math.Max(0, d + random.Next(-3, 4))).ToArray();
            var m = Compute(demand, supply);
            return m.TauU >= 0 && m.TauO >= 0 && m.TauU + m.TauO <= 100 + 1e-9
                && m.ThetaU >= 0 && m.ThetaU <= 100 + 1e-9 && m.ThetaO >= 0
                && m.Instability >= 0 && m.Instability <= 100 + 1e-9
                && Math.Abs(m.Deviation - Math.Sqrt((m.ThetaU * m.ThetaU) + (m.ThetaO * m.ThetaO) + (m.TauU * m.TauU) + (m.TauO * m.TauO))) < 1e-9
                && (supply.SequenceEqual(demand) == (m.Deviation == 0));
        }).QuickCheckThrowOnFailure();
    }
}
