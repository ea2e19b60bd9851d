using FsCheck;
using FsCheck.Fluent;
using ScaleSets.Model;
using ScaleSets.Rules;

namespace ScaleSets.Tests.Rules;

[TestFixture]
public sealed class TargetTrackingCalculatorTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(500).WithQuietOnSuccess(true);

    // HPA's fill-ins are conservative: whatever is missing or not ready, a value above the target never scales in and
    // a value below it never scales out.
    [Test]
    public void RawDesired_AnyCounts_NeverMovesAgainstTheRatio()
    {
        var cases =
            from current in Gen.Choose(1, 200)
            from reporting in Gen.Choose(0, 220)
            from notReady in Gen.Choose(0, 50)
            from observed in Gen.Choose(0, 4000)
            from target in Gen.Choose(1, 1000)
            from fill in Gen.Elements<double?>(null, 100, 500)
            select (current, reporting, notReady, observed / 10.0, (double)target, fill);

        Check.One(Quick, Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var (current, reporting, notReady, observed, target, fill) = c;
            var policy = new TargetTrackingPolicy { TargetValue = target, ScaleDownMissingValue = fill };
            var desired = TargetTrackingCalculator.RawDesired(current, observed, observed * current, policy, ReplicaBasis.Reporting, new InstanceCounts(reporting, notReady), out _);
            var ratio = observed / target;
            return (ratio <= 1 || desired >= current) && (ratio >= 1 || desired <= current);
        }));
    }

    // Kubernetes' Tolerances.isWithin: (1 − down) ≤ ratio ≤ (1 + up), each direction on its own.
    [TestCase(1.06, 0.05, null, false)]
    [TestCase(1.04, 0.05, null, true)]
    [TestCase(0.92, 0.05, null, true)]
    [TestCase(0.92, 0.05, 0.05, false)]
    public void IsWithin_PerDirectionTolerance_ChecksEachSide(double ratio, double up, double? down, bool expected)
    {
        var policy = new TargetTrackingPolicy { TargetValue = 1 };
        policy.ScaleUp.Tolerance = up;
        policy.ScaleDown.Tolerance = down;

        Assert.That(TargetTrackingCalculator.IsWithin(ratio, policy), Is.EqualTo(expected));
    }

    // HPA's calculateScaleUpLimit without a behavior: max(2 × current, 4); no scale-down rate limit, only the minimum.
    [TestCase(1, 100, 4)]
    [TestCase(3, 100, 6)]
    [TestCase(10, 100, 20)]
    [TestCase(10, 0, 2)]
    public void LimitRate_LegacyLimits_AsHpaWithoutBehavior(int current, int desired, int expected)
    {
        var policy = new TargetTrackingPolicy { TargetValue = 1, LegacyLimits = true };

        Assert.That(TargetTrackingCalculator.LimitRate(current, desired, 2, 1000, new ScaleEventLog(), DateTimeOffset.UnixEpoch, policy), Is.EqualTo(expected));
    }

    [Test]
    public void LimitRate_PodsPolicy_LimitsLikeInstances()
    {
        var pods = new TargetTrackingPolicy { TargetValue = 1 };
        pods.ScaleUp.Policies = [new ScalingRatePolicy { Type = ScalingRatePolicyType.Pods, Value = 3, Period = TimeSpan.FromMinutes(1) }];
        var instances = new TargetTrackingPolicy { TargetValue = 1 };
        instances.ScaleUp.Policies = [new ScalingRatePolicy { Type = ScalingRatePolicyType.Instances, Value = 3, Period = TimeSpan.FromMinutes(1) }];

        var now = DateTimeOffset.UnixEpoch;
        Assert.Multiple(() =>
        {
            Assert.That(TargetTrackingCalculator.LimitRate(10, 50, 1, 100, new ScaleEventLog(), now, pods), Is.EqualTo(13));
            Assert.That(TargetTrackingCalculator.LimitRate(10, 50, 1, 100, new ScaleEventLog(), now, instances), Is.EqualTo(13));
        });
    }
}
