using ScaleSets.Simulation.Service;

namespace ScaleSets.Simulation.Tests.Simulator;

[TestFixture]
public sealed class ServiceModelTests
{
    [Test]
    public void WaitProbability_TwoServersOneErlang_IsOneThird()
    {
        // Erlang B(2, 1) = (1/2) / (1 + 1 + 1/2) = 0.2; C = 0.2 / (1 − 0.5 · 0.8) = 1/3.
        Assert.That(ErlangC.WaitProbability(2, 1), Is.EqualTo(1.0 / 3).Within(1e-12));
    }

    [Test]
    public void WaitProbability_OneServer_IsTheUtilization()
    {
        Assert.That(ErlangC.WaitProbability(1, 0.6), Is.EqualTo(0.6).Within(1e-12));
    }

    [Test]
    public void WaitProbability_TenServersEightErlangs_MatchesTheErlangCTable()
    {
        // Known value of the Erlang C formula: C(10, 8) = 0.40918 (to five places).
        Assert.That(ErlangC.WaitProbability(10, 8), Is.EqualTo(0.40918).Within(5e-5));
    }

    [Test]
    public void WaitProbability_AThousandServers_FiniteAndBelowOne()
    {
        var c = ErlangC.WaitProbability(1000, 950);
        Assert.That(c, Is.GreaterThan(0).And.LessThan(1));
    }

    [Test]
    public void WaitProbability_LoadAtOrAboveServers_IsOne()
    {
        Assert.That(ErlangC.WaitProbability(4, 4), Is.EqualTo(1));
    }

    [Test]
    public void MeanResponseTime_MM1_IsOneOverMuMinusLambda()
    {
        // M/M/1 with λ = 6, μ = 10: W = 1 / (10 − 6) = 0.25 s.
        Assert.That(ErlangC.MeanResponseTime(1, 6, 10), Is.EqualTo(0.25).Within(1e-12));
    }

    [Test]
    public void MeanResponseTime_TwoServers_MatchesHandComputedValue()
    {
        // λ = 10, μ = 10, c = 2: a = 1, C = 1/3, W = (1/3) / (20 − 10) + 1/10 = 0.1333….
        Assert.That(ErlangC.MeanResponseTime(2, 10, 10), Is.EqualTo((1.0 / 30) + 0.1).Within(1e-12));
    }

    [Test]
    public void MeanResponseTime_Overloaded_IsInfinite()
    {
        Assert.That(ErlangC.MeanResponseTime(2, 25, 10), Is.EqualTo(double.PositiveInfinity));
    }

    [Test]
    public void Demand_LoadAtSeventyPercentOfFiveInstances_IsFive()
    {
        var model = new ServiceModel(instanceCapacity: 100, targetUtilization: 0.7);
        Assert.Multiple(() =>
        {
            Assert.That(model.Demand(350), Is.EqualTo(5));
            Assert.That(model.Demand(350.01), Is.EqualTo(6));
            Assert.That(model.Demand(0), Is.EqualTo(1), "a running service needs at least one instance");
        });
    }

    [Test]
    public void Utilization_LoadSpreadOverReadyInstances()
    {
        var model = new ServiceModel(100, 0.7);
        Assert.Multiple(() =>
        {
            Assert.That(model.Utilization(350, 5), Is.EqualTo(0.7).Within(1e-12));
            Assert.That(model.Utilization(350, 0), Is.EqualTo(double.PositiveInfinity));
            Assert.That(model.Utilization(0, 0), Is.EqualTo(0));
        });
    }

    [Test]
    public void ForPeak_PeakNeedsExactlyThePeakInstances()
    {
        var model = ServiceModel.ForPeak(1234.5, 50, 0.7);
        Assert.Multiple(() =>
        {
            Assert.That(model.Demand(1234.5), Is.EqualTo(50));
            Assert.That(model.InstanceCapacity, Is.EqualTo(1234.5 / 35).Within(1e-6));
        });
    }

    [Test]
    public void Constructor_TargetAboveOne_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new ServiceModel(10, 1.5));
    }
}
