using ScaleSets.Model;
using static ScaleSets.Tests.Replay.HpaCase;

namespace ScaleSets.Tests.Replay;

/// <summary>
/// Kubernetes' own HPA test cases (<c>pkg/controller/podautoscaler/replica_calculator_test.go</c> and
/// <c>horizontal_test.go</c>), re-expressed as replays through the real engine in virtual time, with the replica counts
/// Kubernetes expects. Each test names the Kubernetes test it re-expresses. CPU levels are given as utilization (the
/// pod's usage over its request, in percent), which is what HPA compares with the target; a pod that is not ready is an
/// instance marked <c>ready=false</c> in the CSV, a pod without metrics an instance that reports nothing.
/// </summary>
[TestFixture]
public sealed class KubernetesHpaReplayTests
{
    // TestReplicaCalcScaleUp: 3 pods at 300m, 500m, 700m of 1000m, target 30% → 5.
    [Test]
    public void Replay_TestReplicaCalcScaleUp_Gives5()
    {
        Assert.That(FinalCapacity(Setting(1, 100, Target(Cpu, 30)), 3, Csv(Cpu, [30, 50, 70])), Is.EqualTo(5));
    }

    // TestReplicaCalcScaleUpUnreadyLessScale: the first of 3 pods not ready; the ready ones at 50% and 70% give a ratio of 2,
    // and with the unready pod counted at 0% the ratio is 1.33 over 3 pods → 4.
    [Test]
    public void Replay_TestReplicaCalcScaleUpUnreadyLessScale_Gives4()
    {
        Assert.That(FinalCapacity(Setting(1, 100, Target(Cpu, 30)), 3, Csv(Cpu, [30, 50, 70], ready: [false, true, true])), Is.EqualTo(4));
    }

    // TestReplicaCalcScaleUpUnreadyNoScale: 2 of 3 pods not ready; the ready one at 40% against 30% would scale up, but
    // with the unready ones at 0% the ratio drops below 1, a change of direction → no change.
    [Test]
    public void Replay_TestReplicaCalcScaleUpUnreadyNoScale_Gives3()
    {
        Assert.That(FinalCapacity(Setting(1, 100, Target(Cpu, 30)), 3, Csv(Cpu, [40, 50, 70], ready: [true, false, false])), Is.EqualTo(3));
    }

    // TestReplicaCalcScaleUpIgnoresFailedPods: 2 running pods at 50% and 70% (the 2 failed pods are no instances of the set), target 30% → 4.
    [Test]
    public void Replay_TestReplicaCalcScaleUpIgnoresFailedPods_Gives4()
    {
        Assert.That(FinalCapacity(Setting(1, 100, Target(Cpu, 30)), 2, Csv(Cpu, [50, 70])), Is.EqualTo(4));
    }

    // TestReplicaCalcScaleUpCM: a pods metric (qps) at 20, 10, 30 per pod, target 15 → 4.
    [Test]
    public void Replay_TestReplicaCalcScaleUpCM_Gives4()
    {
        Assert.That(FinalCapacity(Setting(1, 100, Target("qps", 15)), 3, Csv("qps", [20, 10, 30])), Is.EqualTo(4));
    }

    // TestReplicaCalcScaleUpCMObject: an object metric of 20 against a target of 15, 3 ready pods → ceil(4/3 × 3) = 4.
    [Test]
    public void Replay_TestReplicaCalcScaleUpCMObject_Gives4()
    {
        Assert.That(FinalCapacity(Setting(1, 100, Target("qps", 15)), 3, WithSetLevel(Csv(Cpu, []), "qps", 20)), Is.EqualTo(4));
    }

    // TestReplicaCalcScaleUpCMObjectIgnoresUnreadyPods: object metric 50 against 10 with 2 of 3 pods not ready → the ratio
    // 5 times the one ready pod = 5 ("if we did not ignore unready pods, we'd expect 15").
    [Test]
    public void Replay_TestReplicaCalcScaleUpCMObjectIgnoresUnreadyPods_Gives5()
    {
        var csv = WithSetLevel(Csv(Cpu, [], ready: [false, true, false]), "qps", 50);

        Assert.That(FinalCapacity(Setting(1, 100, Target("qps", 10)), 3, csv), Is.EqualTo(5));
    }

    // TestReplicaCalcScaleUpCMExternal: an external metric of 8600 against 4400 on 1 pod → 2.
    [Test]
    public void Replay_TestReplicaCalcScaleUpCMExternal_Gives2()
    {
        Assert.That(FinalCapacity(Setting(1, 100, Target("queue", 4400)), 1, WithSetLevel(Csv(Cpu, []), "queue", 8600)), Is.EqualTo(2));
    }

    // TestReplicaCalcScaleUpCMExternalIgnoresUnreadyPods: external 8600 against 4400 with 2 of 3 pods not ready → 2 ("would expect 6").
    [Test]
    public void Replay_TestReplicaCalcScaleUpCMExternalIgnoresUnreadyPods_Gives2()
    {
        var csv = WithSetLevel(Csv(Cpu, [], ready: [false, true, false]), "queue", 8600);

        Assert.That(FinalCapacity(Setting(1, 100, Target("queue", 4400)), 3, csv), Is.EqualTo(2));
    }

    // TestReplicaCalcScaleUpPerPodCMExternal: external 8600 with an average-value target of 2150 per pod → ceil(8600 / 2150) = 4.
    [Test]
    public void Replay_TestReplicaCalcScaleUpPerPodCMExternal_Gives4()
    {
        var setting = Setting(1, 100, Target("queue", 2150, dividePerInstance: true));

        Assert.That(FinalCapacity(setting, 3, WithSetLevel(Csv(Cpu, []), "queue", 8600)), Is.EqualTo(4));
    }

    // TestReplicaCalcScaleDown: 5 pods at 10%, 30%, 50%, 25%, 25% (28% on average), target 50% → 3.
    [Test]
    public void Replay_TestReplicaCalcScaleDown_Gives3()
    {
        Assert.That(FinalCapacity(Setting(1, 100, Target(Cpu, 50)), 5, Csv(Cpu, [10, 30, 50, 25, 25])), Is.EqualTo(3));
    }

    // TestReplicaCalcScaleDownCM: a pods metric at 12 on each of 5 pods, target 20 → 3.
    [Test]
    public void Replay_TestReplicaCalcScaleDownCM_Gives3()
    {
        Assert.That(FinalCapacity(Setting(1, 100, Target("qps", 20)), 5, Csv("qps", [12, 12, 12, 12, 12])), Is.EqualTo(3));
    }

    // TestReplicaCalcScaleDownCMExternal: external 8600 against 14334 on 5 pods → 3.
    [Test]
    public void Replay_TestReplicaCalcScaleDownCMExternal_Gives3()
    {
        Assert.That(FinalCapacity(Setting(1, 100, Target("queue", 14334)), 5, WithSetLevel(Csv(Cpu, []), "queue", 8600)), Is.EqualTo(3));
    }

    // TestReplicaCalcScaleDownPerPodCMExternal: external 8600 with 2867 per pod on 5 pods → 3.
    [Test]
    public void Replay_TestReplicaCalcScaleDownPerPodCMExternal_Gives3()
    {
        var setting = Setting(1, 100, Target("queue", 2867, dividePerInstance: true));

        Assert.That(FinalCapacity(setting, 5, WithSetLevel(Csv(Cpu, []), "queue", 8600)), Is.EqualTo(3));
    }

    // TestReplicaCalcScaleDownExcludeUnreadyPods: the last 2 of 5 pods not ready; the ready ones average 30% against
    // 50%, times 3 ready pods → 2.
    [Test]
    public void Replay_TestReplicaCalcScaleDownExcludeUnreadyPods_Gives2()
    {
        var csv = Csv(Cpu, [10, 30, 50, 25, 25], ready: [true, true, true, false, false]);

        Assert.That(FinalCapacity(Setting(1, 100, Target(Cpu, 50)), 5, csv), Is.EqualTo(2));
    }

    // TestReplicaCalcScaleDownExcludeUnscheduledPods: 1 running pod at 10% and 4 pending (not ready, no metrics), target 50% → 1.
    [Test]
    public void Replay_TestReplicaCalcScaleDownExcludeUnscheduledPods_Gives1()
    {
        var csv = Csv(Cpu, [10], ready: [true, false, false, false, false]);

        Assert.That(FinalCapacity(Setting(1, 100, Target(Cpu, 50)), 5, csv), Is.EqualTo(1));
    }

    // TestReplicaCalcTolerance: 3 pods at 102% of their requests against 100% is within the 10% tolerance → 3.
    [Test]
    public void Replay_TestReplicaCalcTolerance_Gives3()
    {
        Assert.That(FinalCapacity(Setting(1, 100, Target(Cpu, 100)), 3, Csv(Cpu, [101, 103, 102])), Is.EqualTo(3));
    }

    // TestReplicaCalcToleranceCM: a pods metric at 20, 21, 21 against 20 is within the tolerance → 3.
    [Test]
    public void Replay_TestReplicaCalcToleranceCM_Gives3()
    {
        Assert.That(FinalCapacity(Setting(1, 100, Target("qps", 20)), 3, Csv("qps", [20, 21, 21])), Is.EqualTo(3));
    }

    // TestReplicaCalcToleranceCMExternal: external 8600 against 8888 on 3 pods is within the tolerance → 3.
    [Test]
    public void Replay_TestReplicaCalcToleranceCMExternal_Gives3()
    {
        Assert.That(FinalCapacity(Setting(1, 100, Target("queue", 8888)), 3, WithSetLevel(Csv(Cpu, []), "queue", 8600)), Is.EqualTo(3));
    }

    // TestReplicaCalcMissingMetrics: 4 pods, only 2 report (40% and 9.5%), target 100%; on a scale-down the missing ones
    // count at 100% → ceil(0.624 × 4) = 3.
    [Test]
    public void Replay_TestReplicaCalcMissingMetrics_Gives3()
    {
        Assert.That(FinalCapacity(Setting(1, 100, Target(Cpu, 100, Utilization)), 4, Csv(Cpu, [40, 9.5])), Is.EqualTo(3));
    }

    // TestReplicaCalcMissingMetricsNoChangeEq: 2 pods, one reports exactly the target of 100% → 2.
    [Test]
    public void Replay_TestReplicaCalcMissingMetricsNoChangeEq_Gives2()
    {
        Assert.That(FinalCapacity(Setting(1, 100, Target(Cpu, 100, Utilization)), 2, Csv(Cpu, [100])), Is.EqualTo(2));
    }

    // TestReplicaCalcMissingMetricsNoChangeGt: 2 pods, one reports 190%; with the missing one at 0% the ratio is 0.95,
    // within the tolerance → 2.
    [Test]
    public void Replay_TestReplicaCalcMissingMetricsNoChangeGt_Gives2()
    {
        Assert.That(FinalCapacity(Setting(1, 100, Target(Cpu, 100, Utilization)), 2, Csv(Cpu, [190])), Is.EqualTo(2));
    }

    // TestReplicaCalcMissingMetricsNoChangeLt: 2 pods, one reports 60%; with the missing one at 100% the ratio is 0.8 and
    // ceil(0.8 × 2) = 2 → 2.
    [Test]
    public void Replay_TestReplicaCalcMissingMetricsNoChangeLt_Gives2()
    {
        Assert.That(FinalCapacity(Setting(1, 100, Target(Cpu, 100, Utilization)), 2, Csv(Cpu, [60])), Is.EqualTo(2));
    }

    // TestReplicaCalcMissingMetricsUnreadyChange: 3 pods, the first not ready, the third missing; the ready one at 45%
    // against 50% would scale down, but with the missing one at 100% the ratio is 1.45, a change of direction → 3.
    [Test]
    public void Replay_TestReplicaCalcMissingMetricsUnreadyChange_Gives3()
    {
        var csv = Csv(Cpu, [10, 45], ready: [false, true, true]);

        Assert.That(FinalCapacity(Setting(1, 100, Target(Cpu, 50, Utilization)), 3, csv), Is.EqualTo(3));
    }

    // TestReplicaCalcMissingMetricsUnreadyScaleUp: 3 pods, the first not ready, the third missing; the ready one at 200%
    // against 50%; both others count at 0% on a scale-up → ceil(1.33 × 3) = 4.
    [Test]
    public void Replay_TestReplicaCalcMissingMetricsUnreadyScaleUp_Gives4()
    {
        var csv = Csv(Cpu, [10, 200], ready: [false, true, true]);

        Assert.That(FinalCapacity(Setting(1, 100, Target(Cpu, 50, Utilization)), 3, csv), Is.EqualTo(4));
    }

    // TestReplicaCalcMissingMetricsUnreadyScaleDown: 4 pods, the first not ready, the fourth missing, the others at 10%
    // against 50%; the missing one at 100% gives a ratio of 0.8 over 3 pods → 3.
    [Test]
    public void Replay_TestReplicaCalcMissingMetricsUnreadyScaleDown_Gives3()
    {
        var csv = Csv(Cpu, [10, 10, 10], ready: [false, true, true, true]);

        Assert.That(FinalCapacity(Setting(1, 100, Target(Cpu, 50, Utilization)), 4, csv), Is.EqualTo(3));
    }

    // TestZeroReplicas: a target at 0 replicas with minReplicas 3 → 0 ("scaling is disabled since the replica count of the target is zero").
    [Test]
    public void Replay_TestZeroReplicas_Gives0()
    {
        Assert.That(FinalCapacity(Setting(3, 5, Target(Cpu, 90)), 0, Csv(Cpu, [])), Is.EqualTo(0));
    }

    // TestTooFewReplicas: 2 replicas with minReplicas 3 → 3.
    [Test]
    public void Replay_TestTooFewReplicas_Gives3()
    {
        Assert.That(FinalCapacity(Setting(3, 5, Target(Cpu, 90)), 2, Csv(Cpu, [])), Is.EqualTo(3));
    }

    // TestTooManyReplicas: 10 replicas with maxReplicas 5 → 5.
    [Test]
    public void Replay_TestTooManyReplicas_Gives5()
    {
        Assert.That(FinalCapacity(Setting(3, 5, Target(Cpu, 90)), 10, Csv(Cpu, [])), Is.EqualTo(5));
    }

    // TestMinReplicas: 3 pods at 10%, 95%, 10% against 90% want 2; minReplicas 2 → 2.
    [Test]
    public void Replay_TestMinReplicas_Gives2()
    {
        Assert.That(FinalCapacity(Setting(2, 5, Target(Cpu, 90)), 3, Csv(Cpu, [10, 95, 10])), Is.EqualTo(2));
    }

    // TestMaxReplicas: 3 pods at 8000%, 9500%, 1000% against 90% want far more; maxReplicas 5 → 5 (with HPA's default scale-up rates).
    [Test]
    public void Replay_TestMaxReplicas_Gives5()
    {
        var setting = Setting(2, 5, Target(Cpu, 90, p => p.ScaleUp = ScalingBehavior.DefaultScaleUp()));

        Assert.That(FinalCapacity(setting, 3, Csv(Cpu, [8000, 9500, 1000])), Is.EqualTo(5));
    }

    // TestScaleDownStabilizeInitialSize: 5 pods averaging 28% against 50% with HPA's default behavior, seen for the first
    // time (no recommendations yet) → 5: the current size is the first recommendation of the five-minute window.
    [Test]
    public void Replay_TestScaleDownStabilizeInitialSize_Gives5()
    {
        var setting = Setting(2, 6, Target(Cpu, 50, DefaultBehavior));

        Assert.That(FinalCapacity(setting, 5, Csv(Cpu, [10, 30, 50, 25, 25], periods: 4)), Is.EqualTo(5));
    }

    // TestScaleDown: the same set already known to the controller (an empty recommendation list) → 3. In a replay the set
    // is new, so the same answer comes once the initial size has left the five-minute scale-down window.
    [Test]
    public void Replay_TestScaleDown_Gives3OnceTheInitialSizeLeavesTheWindow()
    {
        var setting = Setting(2, 6, Target(Cpu, 50, DefaultBehavior));

        var actions = Actions(setting, 5, Csv(Cpu, [10, 30, 50, 25, 25], periods: 24), TimeSpan.FromMinutes(6));

        Assert.That(actions, Is.EqualTo(new[] { 3 }));
    }

    // TestUpscaleCap: 3 pods averaging 200% against 10% want 60; a scale-up policy of 700% per 60 s caps it at 24.
    [Test]
    public void Replay_TestUpscaleCap_Gives24()
    {
        var setting = Setting(1, 100, Target(Cpu, 10, UpByPercent(700)));

        Assert.That(FinalCapacity(setting, 3, Csv(Cpu, [100, 200, 300])), Is.EqualTo(24));
    }

    // TestUpscaleCapGreaterThanMaxReplicas: the same with maxReplicas 20 → 20.
    [Test]
    public void Replay_TestUpscaleCapGreaterThanMaxReplicas_Gives20()
    {
        var setting = Setting(1, 20, Target(Cpu, 10, UpByPercent(700)));

        Assert.That(FinalCapacity(setting, 3, Csv(Cpu, [100, 200, 300])), Is.EqualTo(20));
    }

    // TestScaleRate, "scaleUp with default constraint": 10 replicas wanting 50 under HPA's default scale-up (100% or 4
    // pods per 15 s, whichever is more) → 20.
    [Test]
    public void Replay_TestScaleRateScaleUpWithDefaultConstraint_Gives20()
    {
        var setting = Setting(1, 1000, Target(Cpu, 10, p => p.ScaleUp = ScalingBehavior.DefaultScaleUp()));

        Assert.That(FinalCapacity(setting, 10, Csv(Cpu, Enumerable.Repeat(50.0, 10).ToArray())), Is.EqualTo(20));
    }

    // TestScaleRate, "scaleUp with rate.Pods limitation": 10 replicas wanting 50, at most 30 pods per period → 40.
    [Test]
    public void Replay_TestScaleRateScaleUpWithPodsLimitation_Gives40()
    {
        var setting = Setting(1, 1000, Target(Cpu, 10, p => p.ScaleUp = Rate(ScalingRatePolicyType.Pods, 30)));

        Assert.That(FinalCapacity(setting, 10, Csv(Cpu, Enumerable.Repeat(50.0, 10).ToArray())), Is.EqualTo(40));
    }

    // TestScaleRate, "scaleDown with rate.Pods limitation": 10 replicas wanting 2, at most 5 pods per period → 5.
    [Test]
    public void Replay_TestScaleRateScaleDownWithPodsLimitation_Gives5()
    {
        var setting = Setting(1, 1000, Target(Cpu, 50, p => p.ScaleDown = Rate(ScalingRatePolicyType.Pods, 5)));

        Assert.That(FinalCapacity(setting, 10, Csv(Cpu, Enumerable.Repeat(10.0, 10).ToArray())), Is.EqualTo(5));
    }

    // TestScaleRate, "scaleDown with rate.Percent limitation": 10 replicas wanting 5, at most 50% per period → 5.
    [Test]
    public void Replay_TestScaleRateScaleDownWithPercentLimitation_Gives5()
    {
        var setting = Setting(1, 1000, Target(Cpu, 50, p => p.ScaleDown = Rate(ScalingRatePolicyType.Percent, 50)));

        Assert.That(FinalCapacity(setting, 10, Csv(Cpu, Enumerable.Repeat(25.0, 10).ToArray())), Is.EqualTo(5));
    }

    // TestConvertDesiredReplicasWithRules, "scaleUpLimit is the limit because scaleUpLimit < maxReplicas": without a
    // behavior, 3 replicas wanting 1000 (maxReplicas 2000 there; 1000, the engine's instance limit, here) go to
    // calculateScaleUpLimit(3) = max(2 × 3, 4) = 6.
    [Test]
    public void Replay_TestConvertDesiredReplicasWithRulesScaleUpLimit_Gives6()
    {
        var setting = Setting(1, 1000, Target(Cpu, 1, p => p.LegacyLimits = true));

        Assert.That(FinalCapacity(setting, 3, Csv(Cpu, [400, 400, 400])), Is.EqualTo(6));
    }

    // TestConvertDesiredReplicasWithRules, "maxReplicas is the limit because maxReplicas < scaleUpLimit": 20 replicas
    // wanting 1000 with maxReplicas 10 → 10.
    [Test]
    public void Replay_TestConvertDesiredReplicasWithRulesMaxReplicasLimit_Gives10()
    {
        var setting = Setting(1, 10, Target(Cpu, 1, p => p.LegacyLimits = true));

        Assert.That(FinalCapacity(setting, 20, Csv(Cpu, Enumerable.Repeat(50.0, 20).ToArray())), Is.EqualTo(10));
    }

    // HPA without a behavior stabilizes a scale-down over the controller's five-minute downscale window
    // (normalizeDesiredReplicas, TestNormalizeDesiredReplicas "stabilize"): the set holds, then follows.
    [Test]
    public void Replay_LegacyLimits_StabilizeTheScaleDownOverFiveMinutes()
    {
        var setting = Setting(1, 10, Target(Cpu, 50, p =>
        {
            p.LegacyLimits = true;
            p.ScaleDown.StabilizationWindow = TimeSpan.FromMinutes(5);
        }));

        var actions = Actions(setting, 4, Csv(Cpu, [10, 10, 10, 10], periods: 28), TimeSpan.FromMinutes(7));

        Assert.That(actions, Is.EqualTo(new[] { 1 }), "one scale-down, after the window");
    }

    /// <summary>HPA's CPU and memory utilization targets: a missing pod counts at 100% of its request on a scale-down.</summary>
    private static void Utilization(TargetTrackingPolicy policy) => policy.ScaleDownMissingValue = 100;

    private static void DefaultBehavior(TargetTrackingPolicy policy)
    {
        policy.ScaleUp = ScalingBehavior.DefaultScaleUp();
        policy.ScaleDown = ScalingBehavior.DefaultScaleDown();
    }

    private static Action<TargetTrackingPolicy> UpByPercent(int percent) => p => p.ScaleUp = new ScalingBehavior
    {
        Policies = [new ScalingRatePolicy { Type = ScalingRatePolicyType.Percent, Value = percent, Period = TimeSpan.FromSeconds(60) }],
    };

    private static ScalingBehavior Rate(ScalingRatePolicyType type, int value) => new()
    {
        Policies = [new ScalingRatePolicy { Type = type, Value = value, Period = TimeSpan.FromSeconds(60) }],
    };
}
