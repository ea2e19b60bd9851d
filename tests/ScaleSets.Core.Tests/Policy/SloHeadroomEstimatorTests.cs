using ScaleSets.Model;
using ScaleSets.Policy;
using static ScaleSets.Tests.Policy.Profiles;

namespace ScaleSets.Tests.Policy;

[TestFixture]
public sealed class SloHeadroomEstimatorTests
{
    private const double PerInstance = 10;
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Provisioning = TimeSpan.FromMinutes(5);

    private static SloHeadroomEstimator Estimator(double attainment = 0.99) =>
        new(new SloObjective { Attainment = attainment, ProvisioningTime = Provisioning });

    /// <summary>Evaluates once a minute over loads given in instances' worth, with the set at <paramref name="current"/>(i), and returns the capacities.</summary>
    private static int[] Run(SloHeadroomEstimator estimator, IReadOnlyList<double> instancesWorth, Func<int, int> current, int from = 0)
    {
        var capacities = new int[instancesWorth.Count];
        for (var i = 0; i < capacities.Length; i++)
        {
            capacities[i] = estimator.Desired(Start + ((from + i) * Minute), instancesWorth[i] * PerInstance, current(i), PerInstance);
        }

        return capacities;
    }

    [Test]
    public void Desired_BeforeAnyRiseIsKnown_CarriesTheLoadSeenNow()
    {
        var estimator = Estimator();

        var capacity = estimator.Desired(Start, 9.5 * PerInstance, 10, PerInstance);

        Assert.Multiple(() =>
        {
            Assert.That(capacity, Is.EqualTo(10));
            Assert.That(estimator.Last.Source, Is.EqualTo(SloHeadroomSource.Learning));
            Assert.That(estimator.Last.Factor, Is.EqualTo(1));
            Assert.That(estimator.Last.QuantileLevel, Is.EqualTo(0.99).Within(1e-4), "the quantile starts at the target (moved by this first hit only)");
        });
    }

    [Test]
    public void Desired_FlatLoad_NoHeadroomAndTheSurplusReleased()
    {
        var estimator = Estimator();

        var capacities = Run(estimator, [.. Enumerable.Repeat(9.5, 600)], _ => 10);

        Assert.Multiple(() =>
        {
            Assert.That(capacities, Is.All.EqualTo(10), "a load that never rises needs no instance above it");
            Assert.That(estimator.Last.Factor, Is.EqualTo(1));
            Assert.That(estimator.Last.Source, Is.EqualTo(SloHeadroomSource.ReleasedByFeedback), "every evaluation was a hit");
            Assert.That(estimator.Last.QuantileLevel, Is.LessThan(0.99));
            Assert.That(estimator.Last.LearnedRises, Is.EqualTo(595), "one rise per evaluation a provisioning time old");
        });
    }

    [Test]
    public void Desired_LoadRisingByAFifthWithinEachProvisioningTime_HoldsTheHigherBlockRatherThanThatRise()
    {
        // Five minutes at 9.9 instances' worth, five at 11.9, and again: from half the evaluations the load five minutes
        // later is 11.9 / 9.9 = 1.202 times higher, from the other half lower, so the hold of one provisioning time needs
        // that rise as headroom (15 instances at 11.9). Held for two or more, the 11.9 is still asked for when the next
        // block comes: 12 instances, no headroom. The rule learns the cheaper.
        var estimator = Estimator();
        var load = Enumerable.Range(0, 600).Select(i => (i / 5) % 2 == 0 ? 9.9 : 11.9).ToArray();

        var capacities = Run(estimator, load, _ => 20);

        Assert.Multiple(() =>
        {
            Assert.That(estimator.Last.Hold, Is.GreaterThanOrEqualTo(2 * Provisioning));
            Assert.That(estimator.Last.Factor, Is.EqualTo(1), "over the highest load held, the load does not rise");
            Assert.That(capacities[^10..], Is.All.EqualTo(12), "ceil(11.9), held through the lower block, not ceil(11.9 × 1.2) = 15");
        });
    }

    [Test]
    public void Desired_LoadFalls_HeldForOneProvisioningTimeThenReleased()
    {
        var estimator = Estimator();
        var load = Enumerable.Repeat(19.5, 60).Concat(Enumerable.Repeat(4.5, 10)).ToArray();

        var capacities = Run(estimator, load, _ => 20);

        Assert.Multiple(() =>
        {
            Assert.That(capacities[60..65], Is.All.EqualTo(20), "capacity removed now would be missing for a provisioning time if the load came back");
            Assert.That(capacities[65..], Is.All.EqualTo(5), "after a provisioning time the lower answers stand");
        });
    }

    [Test]
    public void Desired_MissingMoreThanTheTargetAllows_RaisesTheQuantile()
    {
        // The set never follows (one instance for 9.5 instances' worth): every evaluation is a miss.
        var estimator = Estimator();
        var load = Enumerable.Range(0, 300).Select(i => i % 7 == 0 ? 12.0 : 9.5).ToArray();

        var capacities = Run(estimator, load, _ => 1);

        Assert.Multiple(() =>
        {
            Assert.That(estimator.Last.Source, Is.EqualTo(SloHeadroomSource.RaisedByFeedback));
            Assert.That(estimator.Last.QuantileLevel, Is.GreaterThan(0.99));
            Assert.That(estimator.Last.QuantileLevel, Is.EqualTo(1 - ((1 - 0.99) / SloHeadroomEstimator.RememberedBudget)).Within(1e-9), "at most one expected above it per memory");
            Assert.That(estimator.Last.Attainment, Is.LessThan(0.01));
            Assert.That(estimator.Last.Misses, Is.GreaterThan(estimator.Last.MissBudget));
            Assert.That(capacities[^7..], Is.All.GreaterThanOrEqualTo(12), "the largest load seen, held (or the largest rise over 9.5)");
        });
    }

    [Test]
    public void Desired_NoMissOverManyMemories_ReleasesDownToTheMedian()
    {
        var estimator = Estimator(0.9);

        // Memory N = 20 / (1 − 0.9) = 200 evaluations; the tail grows e-fold per memory of hits, from 0.1 to 0.5 in ln 5 memories.
        Run(estimator, [.. Enumerable.Repeat(9.5, 2000)], _ => 100);

        Assert.That(estimator.Last.QuantileLevel, Is.EqualTo(0.5).Within(1e-9));
    }

    [Test]
    public void Desired_AtTheBudget_TheQuantileStandsStill()
    {
        // Misses at exactly the aimed rate r = (1 − target)(1 − 1/√20) leave the tail where it started.
        var estimator = Estimator(0.9);
        var r = 0.1 * (1 - (1 / Math.Sqrt(SloHeadroomEstimator.RememberedBudget)));
        var period = 1 / r;
        var missAt = new HashSet<int>(Enumerable.Range(1, 100).Select(k => (int)Math.Round(k * period)));
        var n = (int)Math.Round(100 * period);

        // A miss is a minute whose load is above the hundred instances the set keeps.
        Run(estimator, [.. Enumerable.Range(0, n + 1).Select(i => missAt.Contains(i) ? 150.0 : 0.5)], _ => 100);

        Assert.That(estimator.Last.QuantileLevel, Is.EqualTo(0.9).Within(0.02));
    }

    [Test]
    public void Desired_ReadyEstimate_IsTheFewestInstancesWithinTheLastProvisioningTime()
    {
        var estimator = Estimator();
        var readies = new List<int>();
        for (var i = 0; i < 12; i++)
        {
            estimator.Desired(Start + (i * Minute), 5, i < 3 ? 4 : 9, PerInstance);
            readies.Add(estimator.Last.ReadyEstimate);
        }

        Assert.That(readies, Is.EqualTo(new[] { 4, 4, 4, 4, 4, 4, 4, 4, 9, 9, 9, 9 }), "instances added at minute 3 serve five minutes later");
    }

    [Test]
    public void Constructor_TargetOutOfRange_Throws()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => Estimator(1), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => Estimator(0.4), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => new SloHeadroomEstimator(new SloObjective { ProvisioningTime = TimeSpan.Zero }), Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
    }

    [Test]
    public void Evaluate_RuleWithAnSlo_ExplainsTheHeadroomItUsed()
    {
        var rule = Target("rps", PerInstance, dividePerInstance: true, configure: p =>
        {
            p.Tolerance = 0;
            p.Slo = new SloObjective { Attainment = 0.99, ProvisioningTime = Provisioning };
            p.ScaleUp = new ScalingBehavior { StabilizationWindow = TimeSpan.Zero, Policies = [] };
            p.ScaleDown = new ScalingBehavior { StabilizationWindow = TimeSpan.Zero, Policies = [] };
        });
        var harness = new PolicyHarness(Profile(1, 100, 1, rule), 10);
        for (var i = 0; i < 600; i++)
        {
            harness.Evaluate(perInstance: false, (i / 5) % 2 == 0 ? 99 : 119);
            harness.Advance(Minute);
        }

        var result = harness.Evaluate(perInstance: false, 99);
        var headroom = harness.Rules[0].Headroom;
        Assert.Multiple(() =>
        {
            Assert.That(headroom, Is.Not.Null);
            Assert.That(headroom!.Value.Target, Is.EqualTo(0.99));
            Assert.That(headroom.Value.Hold, Is.GreaterThanOrEqualTo(2 * Provisioning), "a load alternating every 5 minutes: holding 119 through the 99s keeps 12 instances, against 15 for the 5-minute hold times the rise 119 / 99");
            Assert.That(headroom.Value.Factor, Is.EqualTo(1), "over the highest load the longer hold keeps, the load does not rise");
            Assert.That(headroom.Value.Load, Is.EqualTo(99));
            Assert.That(result.To, Is.EqualTo(12), "ceil(119 / 10), the highest asked for within the hold, not ceil(99 / 10)");
            Assert.That(harness.Rules[0].RawProposal, Is.EqualTo(12));
        });
    }

    /// <summary>A restored estimator answers as the one it was captured from, through a JSON round trip; one for another objective or a damaged one is refused and changes nothing.</summary>
    [Test]
    public void Restore_CapturedAfterLearning_SameAnswersAsTheOriginalAndForeignOrDamagedSnapshotsRefused()
    {
        var loads = Enumerable.Range(0, 90).Select(i => 20 + (10 * Math.Sin(i / 7.0)) + (i % 5)).ToArray();
        var original = Estimator();
        Run(original, loads[..60], i => 25);
        var json = System.Text.Json.JsonSerializer.Serialize(original.Capture());
        var snapshot = System.Text.Json.JsonSerializer.Deserialize<ScaleSets.State.SloHeadroomSnapshot>(json)!;

        var restored = Estimator();
        var foreign = Estimator(attainment: 0.999);
        var damaged = Estimator();
        var fresh = Estimator();
        var badBin = snapshot with { Rises = [snapshot.Rises[0] with { Bins = [int.MaxValue], Weights = [1.0] }] };

        Assert.Multiple(() =>
        {
            Assert.That(restored.Restore(snapshot), Is.True);
            Assert.That(foreign.Restore(snapshot), Is.False, "learned for another target");
            Assert.That(damaged.Restore(badBin), Is.False, "a bin no histogram has");
            Assert.That(Run(restored, loads[60..], i => 25, from: 60), Is.EqualTo(Run(original, loads[60..], i => 25, from: 60)));
            Assert.That(Run(damaged, loads[60..], i => 25, from: 60), Is.EqualTo(Run(fresh, loads[60..], i => 25, from: 60)), "the refused snapshot left it as new");
        });
    }

    /// <summary>Loads drawn anew each minute (a count with bursts): a rise from a trough is many times the load, and holding the peak for hours keeps less than a short hold times those rises.</summary>
    private static double[] Bursts(int minutes)
    {
        var random = new Random(18);
        return [.. Enumerable.Range(0, minutes).Select(_ => 1 + (19 * random.NextDouble()))];
    }

    /// <summary>Runs with the set at what was asked a minute before.</summary>
    private static int[] RunFollowing(SloHeadroomEstimator estimator, IReadOnlyList<double> instancesWorth, int from = 0)
    {
        var capacities = new int[instancesWorth.Count];
        var current = (int)Math.Ceiling(instancesWorth[0]);
        for (var i = 0; i < capacities.Length; i++)
        {
            capacities[i] = estimator.Desired(Start + ((from + i) * Minute), instancesWorth[i] * PerInstance, current, PerInstance);
            current = capacities[i];
        }

        return capacities;
    }

    [Test]
    public void Hold_LoadDrawnAnewEachMinute_LearnsToHoldLongerThanTheProvisioningTimeAndMeetsTheTarget()
    {
        var loads = Bursts(6000);
        var estimator = Estimator();

        var capacities = RunFollowing(estimator, loads);

        var late = Enumerable.Range(3000, 3000).ToList();
        var hits = late.Count(i => capacities[i - 1] >= loads[i]);
        Assert.Multiple(() =>
        {
            Assert.That(estimator.Last.Hold, Is.GreaterThan(Provisioning), "the peak held for longer keeps less than a provisioning time's hold times the rises from a trough");
            Assert.That(estimator.Last.Hold.Ticks % Provisioning.Ticks, Is.Zero, "a candidate: a power of two times the provisioning time");
            Assert.That(hits / (double)late.Count, Is.GreaterThanOrEqualTo(0.99), "the target");
            Assert.That(late.Average(i => capacities[i]), Is.LessThan(2 * 20), "about the highest load, not the trough's load times the highest rise");
        });
    }

    [Test]
    public void Hold_SlowDailySeason_HoldsOneProvisioningTime()
    {
        var loads = Enumerable.Range(0, 3 * 1440).Select(i => 20 + (15 * Math.Sin(2 * Math.PI * i / 1440.0))).ToArray();
        var estimator = Estimator();

        RunFollowing(estimator, loads);

        Assert.That(estimator.Last.Hold, Is.EqualTo(Provisioning), "a longer hold would keep the day's peak into the night");
    }

    [Test]
    public void Restore_CapturedWithALongerHold_SameAnswersAndHoldAsTheOriginal()
    {
        var loads = Bursts(4000);
        var original = Estimator();
        RunFollowing(original, loads[..3000]);
        var json = System.Text.Json.JsonSerializer.Serialize(original.Capture());
        var snapshot = System.Text.Json.JsonSerializer.Deserialize<ScaleSets.State.SloHeadroomSnapshot>(json)!;
        var restored = Estimator();
        var wrongHold = snapshot with { Holds = [snapshot.Holds[0] with { Hold = Provisioning }, .. snapshot.Holds.Skip(1)] };

        Assert.Multiple(() =>
        {
            Assert.That(original.Last.Hold, Is.GreaterThan(Provisioning));
            Assert.That(snapshot.Holds, Has.Count.EqualTo(SloHoldReplay.Candidates - 1));
            Assert.That(Estimator().Restore(wrongHold), Is.False, "a candidate's hold must be its power of two of the provisioning time");
            Assert.That(restored.Restore(snapshot), Is.True);
            Assert.That(RunFollowing(restored, loads[3000..], from: 3000), Is.EqualTo(RunFollowing(original, loads[3000..], from: 3000)));
            Assert.That(restored.Last.Hold, Is.EqualTo(original.Last.Hold));
        });
    }
}
