using ScaleSets.Configuration;
using ScaleSets.Model;
using static ScaleSets.Tests.Replay.HpaCase;

namespace ScaleSets.Tests.Configuration.Kubernetes;

/// <summary>
/// A manifest without <c>behavior</c> read unchanged: HPA's controller takes <c>normalizeDesiredReplicas</c> (a
/// five-minute downscale stabilization, an immediate scale-up of at most <c>max(2 × current, 4)</c>, no rate policies)
/// rather than <c>normalizeDesiredReplicasWithBehaviors</c>, and the API's defaulting fills a behavior only when one is
/// given (<c>pkg/controller/podautoscaler/horizontal.go</c>, <c>pkg/apis/autoscaling/v2/defaults.go</c>).
/// </summary>
[TestFixture]
public sealed class HpaLegacyLimitsTests
{
    private static string Manifest(string behavior = "", bool qps = true) => """
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata: { name: web }
        spec:
          scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
          minReplicas: 1
          maxReplicas: 100
          metrics:
          - type: Resource
            resource: { name: cpu, target: { type: Utilization, averageUtilization: 80 } }

        """ + (qps ? "  - type: Pods\n    pods: { metric: { name: qps }, target: { type: AverageValue, averageValue: 10 } }\n" : "") + behavior;

    private static AutoscaleSetting Read(string manifest)
    {
        var directory = Directory.CreateTempSubdirectory("scalesets-hpa-legacy-");
        try
        {
            var path = Path.Combine(directory.FullName, "hpa.yaml");
            File.WriteAllText(path, manifest);
            var result = AutoscaleSettingLoader.Load(path);
            Assert.That(result.IsValid, Is.True, string.Join("\n", result.Problems));
            return result.Setting!;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Test]
    public void Load_ManifestWithoutBehavior_EveryRuleHasHpasLegacyLimits()
    {
        var rules = Read(Manifest()).Profiles[0].Rules;

        Assert.Multiple(() =>
        {
            Assert.That(rules, Has.Count.EqualTo(2));
            Assert.That(rules.Select(r => r.TargetTracking!.LegacyLimits), Is.All.True);
            Assert.That(rules.Select(r => r.TargetTracking!.ScaleDown.StabilizationWindow), Is.All.EqualTo(TimeSpan.FromMinutes(5)), "the controller's --horizontal-pod-autoscaler-downscale-stabilization default");
        });
    }

    [TestCase("behavior:\n")]
    [TestCase("behavior: null\n")]
    public void Load_NullBehavior_IsNoBehavior(string behavior)
    {
        Assert.That(Read(Manifest("  " + behavior)).Profiles[0].Rules.Select(r => r.TargetTracking!.LegacyLimits), Is.All.True);
    }

    [Test]
    public void Load_V1Manifest_HasHpasLegacyLimits()
    {
        const string V1 = """
            apiVersion: autoscaling/v1
            kind: HorizontalPodAutoscaler
            metadata: { name: web }
            spec: { scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }, minReplicas: 1, maxReplicas: 10, targetCPUUtilizationPercentage: 50 }
            """;

        Assert.That(Read(V1).Profiles[0].Rules.Single().TargetTracking!.LegacyLimits, Is.True);
    }

    [TestCase("  behavior: {}\n")]
    [TestCase("  behavior:\n    scaleDown: { stabilizationWindowSeconds: 60 }\n")]
    public void Load_AnyBehavior_TheBehaviorsApplyWithKubernetesDefaultsForWhatIsLeftOut(string behavior)
    {
        var policy = Read(Manifest(behavior)).Profiles[0].Rules[0].TargetTracking!;

        Assert.Multiple(() =>
        {
            Assert.That(policy.LegacyLimits, Is.False);
            Assert.That(policy.ScaleUp.Policies.Select(p => (p.Type, p.Value, p.Period)), Is.EquivalentTo(new[]
            {
                (ScalingRatePolicyType.Instances, 4, TimeSpan.FromSeconds(15)),
                (ScalingRatePolicyType.Percent, 100, TimeSpan.FromSeconds(15)),
            }), "defaultHPAScaleUpRules");
        });
    }

    // TestConvertDesiredReplicasWithRules "scaleUpLimit is the limit": from 3 replicas wanting 15, without a behavior HPA
    // goes to calculateScaleUpLimit(3) = max(2 × 3, 4) = 6; with the default behavior (4 pods or 100% per 15 s, the
    // larger) to max(3 + 4, 2 × 3) = 7.
    [TestCase("", 6)]
    [TestCase("  behavior: {}\n", 7)]
    public void Replay_ManifestFromThreeReplicasWantingFifteen_FirstScaleUpAsHpaDoes(string behavior, int expected)
    {
        var setting = Read(Manifest(behavior, qps: false));
        var csv = Csv("cpu", [400, 400, 400], periods: 8);

        var actions = Actions(setting, 3, csv, TimeSpan.FromMinutes(2));

        Assert.That(actions, Is.Not.Empty);
        Assert.That(actions[0], Is.EqualTo(expected));
    }
}
