using FsCheck;
using FsCheck.Fluent;
using ScaleSets.Model;
using ScaleSets.Policy;
using ScaleSets.Rules;
using static ScaleSets.Tests.Policy.Profiles;

namespace ScaleSets.Tests.Policy;

[TestFixture]
public sealed class AdaptiveStabilizerTests
{
    private const double Target = 10;
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Provisioning = TimeSpan.FromSeconds(390);

    /// <summary>A request-rate target rule (per instance <see cref="Target"/>) with the adaptive scale-down window over up to the provisioning time.</summary>
    private static PolicyHarness Harness(int capacity, TimeSpan? provisioning)
    {
        var rule = Target("rps", Target, dividePerInstance: true, configure: p =>
        {
            p.Tolerance = 0;
            p.ScaleUp = new ScalingBehavior { StabilizationWindow = TimeSpan.Zero, Policies = [] };
            p.ScaleDown = new ScalingBehavior { StabilizationWindow = Provisioning, ProvisioningTime = provisioning, Policies = [] };
        });
        return new PolicyHarness(Profile(1, 100, 1, rule), capacity);
    }

    /// <summary>Evaluates once a minute with the set-level rate that needs <paramref name="instances"/> instances.</summary>
    private static int Step(PolicyHarness harness, int instances)
    {
        // Half an instance below the level, so the ceiling is exact whatever the rounding of rate / capacity × capacity.
        var result = harness.Evaluate(perInstance: false, (instances - 0.5) * Target);
        harness.Advance(Minute);
        return result.To;
    }

    /// <summary>Twelve hours of a metric published every five minutes: a new level every fifth evaluation.</summary>
    private static void FeedStepSignal(PolicyHarness harness)
    {
        var random = new Random(7);
        for (var block = 0; block < 144; block++)
        {
            var level = random.Next(10, 50);
            for (var minute = 0; minute < 5; minute++)
            {
                Step(harness, level);
            }
        }
    }

    /// <summary>A noisy per-minute metric: 30 instances' worth with a one-minute dip to 26 every fifth minute.</summary>
    private static int Dipping(int minute) => minute % 5 == 4 ? 26 : 30;

    [Test]
    public void Constructor_LongestWindow_ComparesNineWindowsEvenlyFromZero()
    {
        var stabilizer = new AdaptiveStabilizer(TimeSpan.FromMinutes(8), Provisioning);

        Assert.That(stabilizer.Windows.ToArray(), Is.EqualTo(Enumerable.Range(0, 9).Select(i => TimeSpan.FromMinutes(i)).ToArray()));
        Assert.That(stabilizer.Window, Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public void Choose_SignalThatChangesInFiveMinuteSteps_PicksNoWindow()
    {
        var stabilizer = new AdaptiveStabilizer(Provisioning, Provisioning);
        var history = new TargetTrackingState();
        var random = new Random(3);
        var now = PolicyHarness.Start;
        var window = TimeSpan.MaxValue;
        for (var block = 0; block < 144; block++)
        {
            var level = random.Next(10, 50);
            for (var minute = 0; minute < 5; minute++, now += Minute)
            {
                window = stabilizer.Choose(now, level, history, TimeSpan.Zero, 1, 100);
                history.Record(now, level, Provisioning);
            }
        }

        Assert.That(window, Is.EqualTo(TimeSpan.Zero), "a level that holds for five minutes has no dip to ride out; any window only delays the scale-in");
    }

    [Test]
    public void Choose_BriefDipEveryFiveMinutes_PicksAWindowThatSpansTheDip()
    {
        var stabilizer = new AdaptiveStabilizer(Provisioning, Provisioning);
        var history = new TargetTrackingState();
        var now = PolicyHarness.Start;
        var window = TimeSpan.Zero;
        for (var minute = 0; minute < 720; minute++, now += Minute)
        {
            var recommendation = Dipping(minute);
            window = stabilizer.Choose(now, recommendation, history, TimeSpan.Zero, 1, 100);
            history.Record(now, recommendation, Provisioning);
        }

        Assert.That(window, Is.GreaterThan(Minute), "the window must reach back to the previous minute's recommendation: an instance removed in a dip is missing for a whole provisioning time");
        Assert.That(window, Is.LessThanOrEqualTo(Provisioning));
    }

    [Test]
    public void Evaluate_AdaptiveWindowOnStepSignal_ScalesInAtTheFirstEvaluationOfAFall()
    {
        var harness = Harness(capacity: 30, Provisioning);
        FeedStepSignal(harness);
        Step(harness, 40);

        var afterFall = Step(harness, 20);

        Assert.That(afterFall, Is.EqualTo(20));
    }

    [Test]
    public void Evaluate_AdaptiveWindow_IsReportedWithTheRuleEvaluation()
    {
        var adaptive = Harness(capacity: 30, Provisioning);
        var fixedWindow = Harness(capacity: 30, provisioning: null);
        FeedStepSignal(adaptive);
        FeedStepSignal(fixedWindow);

        Assert.Multiple(() =>
        {
            Assert.That(adaptive.Rules[0].ScaleDownWindow, Is.EqualTo(TimeSpan.Zero));
            Assert.That(fixedWindow.Rules[0].ScaleDownWindow, Is.EqualTo(Provisioning));
        });
    }

    [Test]
    public void Evaluate_FixedWindowOnStepSignal_HoldsAFallForTheWholeWindow()
    {
        var harness = Harness(capacity: 30, provisioning: null);
        FeedStepSignal(harness);
        Step(harness, 40);

        var held = Enumerable.Range(0, 6).Select(_ => Step(harness, 20)).ToArray();
        var released = Step(harness, 20);

        Assert.Multiple(() =>
        {
            Assert.That(held, Is.All.EqualTo(40), "the contrast the adaptive window removes: a fixed window delays every fall");
            Assert.That(released, Is.EqualTo(20));
        });
    }

    [Test]
    public void Evaluate_AdaptiveWindowOnNoisySignal_DoesNotFollowTheDips()
    {
        var harness = Harness(capacity: 30, Provisioning);
        for (var minute = 0; minute < 720; minute++)
        {
            Step(harness, Dipping(minute));
        }

        var nextHour = Enumerable.Range(720, 60).Select(m => Step(harness, Dipping(m))).ToArray();

        Assert.That(nextHour, Is.All.EqualTo(30));
    }

    [Test]
    public void Evaluate_AdaptiveWindowOnRisingRamp_ScalesOutToTheRecommendationAtOnce()
    {
        var harness = Harness(capacity: 10, Provisioning);

        var capacities = Enumerable.Range(11, 20).Select(level => Step(harness, level)).ToArray();

        Assert.That(capacities, Is.EqualTo(Enumerable.Range(11, 20).ToArray()), "scale-out is never delayed and adds no headroom");
    }

    [Test]
    public void Choose_AnyRecommendations_ReturnsOneOfTheCandidateWindows()
    {
        var recommendations = Gen.Choose(0, 60).ArrayOf().ToArbitrary();
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200).WithQuietOnSuccess(true), Prop.ForAll(recommendations, values =>
        {
            var stabilizer = new AdaptiveStabilizer(Provisioning, TimeSpan.FromMinutes(3));
            var history = new TargetTrackingState();
            var now = PolicyHarness.Start;
            var windows = stabilizer.Windows.ToArray();
            foreach (var value in values)
            {
                var window = stabilizer.Choose(now, value, history, TimeSpan.Zero, 1, 50);
                history.Record(now, value, Provisioning);
                now += Minute;
                if (Array.IndexOf(windows, window) < 0)
                {
                    return false;
                }
            }

            return true;
        }));
    }
}
