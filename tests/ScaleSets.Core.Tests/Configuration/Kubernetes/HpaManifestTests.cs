using ScaleSets.Cli.Commands;
using ScaleSets.Configuration;
using ScaleSets.Model;

namespace ScaleSets.Tests.Configuration.Kubernetes;

/// <summary>Kubernetes autoscaling/v2 HorizontalPodAutoscaler manifests read unchanged, in YAML or JSON.</summary>
[TestFixture]
public sealed class HpaManifestTests
{
    private const string Manifest = """
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata:
          name: web
          namespace: prod
          labels:
            app: web
        spec:
          scaleTargetRef:
            apiVersion: apps/v1
            kind: Deployment
            name: web
          minReplicas: 2
          maxReplicas: 20
          metrics:
          - type: Resource
            resource:
              name: cpu
              target:
                type: Utilization
                averageUtilization: 60
          - type: Resource
            resource:
              name: memory
              target:
                type: AverageValue
                averageValue: 500Mi
          - type: Pods
            pods:
              metric:
                name: packets-per-second
              target:
                type: AverageValue
                averageValue: 1k
          - type: Object
            object:
              metric:
                name: requests-per-second
              describedObject:
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                name: main-route
              target:
                type: Value
                value: "10k"
          - type: External
            external:
              metric:
                name: queue_messages_ready
                selector:
                  matchLabels:
                    queue: worker_tasks
                  matchExpressions:
                  - key: region
                    operator: NotIn
                    values: [eu-west]
              target:
                type: AverageValue
                averageValue: 30
          behavior:
            scaleDown:
              stabilizationWindowSeconds: 600
              selectPolicy: Min
              policies:
              - type: Pods
                value: 1
                periodSeconds: 300
              - type: Percent
                value: 10
                periodSeconds: 60
            scaleUp:
              stabilizationWindowSeconds: 0
              selectPolicy: Max
              policies:
              - type: Percent
                value: 100
                periodSeconds: 15
              - type: Pods
                value: 4
                periodSeconds: 15
        """;

    private string directory = "";

    [SetUp]
    public void CreateDirectory()
    {
        directory = Path.Combine(Path.GetTempPath(), "scalesets-hpa-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(directory, recursive: true);

    private string Write(string text, string name = "hpa.yaml")
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private SettingLoadResult Load(string text, string name = "hpa.yaml") => AutoscaleSettingLoader.Load(Write(text, name));

    private static TargetTrackingPolicy Tracking(ScaleRule rule) => rule.TargetTracking!;

    [Test]
    public void Load_Manifest_RangeAndOneTargetTrackingRulePerMetric()
    {
        var result = Load(Manifest);

        Assert.That(result.IsValid, Is.True, string.Join("\n", result.Problems));
        var profile = result.Setting!.Profiles.Single();
        Assert.Multiple(() =>
        {
            Assert.That(result.Format, Is.EqualTo(SettingFormat.KubernetesHpa));
            Assert.That(result.Setting.Name, Is.EqualTo("web"));
            Assert.That((profile.Capacity.Minimum, profile.Capacity.Maximum, profile.Capacity.Default), Is.EqualTo((2, 20, 2)));
            Assert.That(profile.Rules.Select(r => r.MetricTrigger.MetricName), Is.EqualTo(new[] { "cpu", "memory", "packets-per-second", "requests-per-second", "queue_messages_ready" }));
            Assert.That(profile.Rules.Select(r => Tracking(r).TargetValue), Is.EqualTo(new[] { 60, 500d * 1024 * 1024, 1000, 10_000, 30 }));
            Assert.That(profile.Rules.All(r => r.ScaleAction is null && r.StepScaling is null), Is.True);
        });
    }

    [Test]
    public void Load_Manifest_TargetTypesMapToHowTheValueIsReduced()
    {
        var rules = Load(Manifest).Setting!.Profiles[0].Rules;

        Assert.Multiple(() =>
        {
            // Utilization and AverageValue of a resource or pods metric: the average over the pods.
            Assert.That(rules[0].MetricTrigger, Has.Property("Statistic").EqualTo(MetricStatistic.Average).And.Property("DividePerInstance").False);
            Assert.That(rules[2].MetricTrigger, Has.Property("Statistic").EqualTo(MetricStatistic.Average).And.Property("DividePerInstance").False);

            // An object's Value: one value compared as it is.
            Assert.That(rules[3].MetricTrigger, Has.Property("Statistic").EqualTo(MetricStatistic.Average).And.Property("DividePerInstance").False);

            // An external metric's AverageValue: its series summed, then divided by the pods.
            Assert.That(rules[4].MetricTrigger, Has.Property("Statistic").EqualTo(MetricStatistic.Sum).And.Property("DividePerInstance").True);
            Assert.That(rules.All(r => r.MetricTrigger.TimeAggregation == TimeAggregationType.Last), Is.True, "HPA acts on the latest value");
        });
    }

    [Test]
    public void Load_Manifest_SelectorBecomesDimensionFilters()
    {
        var filters = Load(Manifest).Setting!.Profiles[0].Rules[4].MetricTrigger.Dimensions;

        Assert.That(filters.Select(f => (f.Name, f.Operator, string.Join(",", f.Values))), Is.EqualTo(new[]
        {
            ("queue", DimensionOperator.Equals, "worker_tasks"),
            ("region", DimensionOperator.NotEquals, "eu-west"),
        }));
    }

    [Test]
    public void Load_Manifest_BehaviorOnEveryRule()
    {
        var rules = Load(Manifest).Setting!.Profiles[0].Rules;

        Assert.Multiple(() =>
        {
            foreach (var rule in rules)
            {
                var down = Tracking(rule).ScaleDown;
                var up = Tracking(rule).ScaleUp;
                Assert.That(down.StabilizationWindow, Is.EqualTo(TimeSpan.FromSeconds(600)));
                Assert.That(down.SelectPolicy, Is.EqualTo(ScalingPolicySelect.Min));
                Assert.That(down.Policies.Select(p => (p.Type, p.Value, p.Period)), Is.EqualTo(new[]
                {
                    (ScalingRatePolicyType.Instances, 1, TimeSpan.FromSeconds(300)),
                    (ScalingRatePolicyType.Percent, 10, TimeSpan.FromSeconds(60)),
                }));
                Assert.That(up.StabilizationWindow, Is.EqualTo(TimeSpan.Zero));
                Assert.That(up.Policies.Select(p => (p.Type, p.Value, p.Period)), Is.EqualTo(new[]
                {
                    (ScalingRatePolicyType.Percent, 100, TimeSpan.FromSeconds(15)),
                    (ScalingRatePolicyType.Instances, 4, TimeSpan.FromSeconds(15)),
                }));
            }

            Assert.That(Tracking(rules[0]).ScaleDown, Is.Not.SameAs(Tracking(rules[1]).ScaleDown), "each rule its own copy");
        });
    }

    [Test]
    public void Load_ManifestWithoutBehavior_HpasDefaults()
    {
        var result = Load("""
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata: { name: web }
            spec:
              maxReplicas: 5
              metrics:
              - type: Resource
                resource: { name: cpu, target: { type: Utilization, averageUtilization: 50 } }
            """);

        var rule = result.Setting!.Profiles[0].Rules.Single();
        Assert.Multiple(() =>
        {
            Assert.That(result.Setting.Profiles[0].Capacity.Minimum, Is.EqualTo(1), "HPA's default minReplicas");
            Assert.That(Tracking(rule).ScaleDown.StabilizationWindow, Is.EqualTo(TimeSpan.FromMinutes(5)));
            Assert.That(Tracking(rule).ScaleUp.Policies.Select(p => (p.Type, p.Value)), Is.EqualTo(new[] { (ScalingRatePolicyType.Percent, 100), (ScalingRatePolicyType.Instances, 4) }));
            Assert.That(Tracking(rule).Tolerance, Is.EqualTo(0.1));
        });
    }

    [Test]
    public void Load_ManifestWithoutMetrics_EightyPercentCpu()
    {
        var rule = Load("apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nspec:\n  maxReplicas: 5\n").Setting!.Profiles[0].Rules.Single();

        Assert.That((rule.MetricTrigger.MetricName, Tracking(rule).TargetValue), Is.EqualTo(("cpu", 80d)));
    }

    [Test]
    public void Load_AutoscalingV1_TargetCpuUtilizationPercentage()
    {
        var result = Load("""
            apiVersion: autoscaling/v1
            kind: HorizontalPodAutoscaler
            metadata: { name: web }
            spec: { scaleTargetRef: { kind: Deployment, name: web }, minReplicas: 1, maxReplicas: 4, targetCPUUtilizationPercentage: 70 }
            """);

        Assert.That(Tracking(result.Setting!.Profiles[0].Rules.Single()).TargetValue, Is.EqualTo(70));
    }

    [Test]
    public void Load_JsonManifest_SameSetting()
    {
        var json = """
            { "apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": { "name": "web" },
              "spec": { "minReplicas": 2, "maxReplicas": 8,
                "metrics": [ { "type": "Pods", "pods": { "metric": { "name": "rps" }, "target": { "type": "AverageValue", "averageValue": "250m" } } } ] } }
            """;

        var result = Load(json, "hpa.json");

        Assert.Multiple(() =>
        {
            Assert.That(result.IsValid, Is.True, string.Join("\n", result.Problems));
            Assert.That(result.Format, Is.EqualTo(SettingFormat.KubernetesHpa));
            Assert.That(Tracking(result.Setting!.Profiles[0].Rules.Single()).TargetValue, Is.EqualTo(0.25));
        });
    }

    [Test]
    public void Load_MultiDocumentFile_TakesTheHorizontalPodAutoscaler()
    {
        var result = Load("apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web }\n---\n" + Manifest);

        Assert.That(result.Setting!.Name, Is.EqualTo("web"));
    }

    [Test]
    public void Run_Manifest_WarnsOfEveryFieldWithoutMeaningOutsideKubernetes()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = ValidateCommand.Run(Write(Manifest), 1000, output, error);

        var text = output.ToString();
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.Zero, error.ToString());
            Assert.That(text, Does.Contain("warning at $.spec.scaleTargetRef: ignored"));
            Assert.That(text, Does.Contain("warning at $.metadata.namespace: ignored"));
            Assert.That(text, Does.Contain("warning at $.metadata.labels: ignored"));
            Assert.That(text, Does.Contain("warning at $.spec.metrics[3].object.describedObject: not honoured"));
            Assert.That(text.TrimEnd().Split('\n')[^1], Is.EqualTo("valid"));
        });
    }

    [Test]
    public void Load_ManifestOutOfRange_ProblemsAtTheManifestsPaths()
    {
        var result = Load("""
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            spec:
              minReplicas: 5
              maxReplicas: 2
              metrics:
              - type: Resource
                resource: { name: cpu, target: { type: Utilization, averageUtilization: 60 } }
              behavior:
                scaleDown:
                  stabilizationWindowSeconds: 7200
                  policies: [ { type: Pods, value: 1, periodSeconds: 3600 } ]
            """);

        var paths = result.Problems.Where(p => p.Severity == SettingProblemSeverity.Error).Select(p => p.Path).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(paths, Has.Some.StartsWith("$.spec"));
            Assert.That(paths, Has.Member("$.spec.behavior.scaleDown.stabilizationWindowSeconds"));
            Assert.That(paths, Has.Member("$.spec.behavior.scaleDown.policies[0].periodSeconds"));
            Assert.That(paths, Has.None.StartsWith("$.profiles"), string.Join("\n", result.Problems));
        });
    }

    [TestCase("type: Resource\n    resource: { name: cpu, target: { type: Value, value: 1 } }", "$.spec.metrics[0].resource.target.type")]
    [TestCase("type: Pods\n    pods: { metric: { name: x }, target: { type: Utilization, averageUtilization: 1 } }", "$.spec.metrics[0].pods.target.type")]
    [TestCase("type: Magic\n    magic: {}", "$.spec.metrics[0].type")]
    [TestCase("type: Resource\n    resource: { name: cpu, target: { type: AverageValue, averageValue: lots } }", "$.spec.metrics[0].resource.target.averageValue")]
    public void Load_BadMetric_ErrorAtItsPath(string metric, string path)
    {
        var result = Load("apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nspec:\n  maxReplicas: 3\n  metrics:\n  - " + metric + "\n");

        Assert.That(result.Problems.Where(p => p.Severity == SettingProblemSeverity.Error).Select(p => p.Path), Has.Member(path), string.Join("\n", result.Problems));
    }

    [Test]
    public void Load_PerDirectionTolerance_KeptPerDirection()
    {
        var result = Load("""
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            spec:
              maxReplicas: 3
              behavior:
                scaleUp: { tolerance: 0.05 }
                scaleDown: { tolerance: 0.2 }
            """);

        Assert.Multiple(() =>
        {
            Assert.That(Tracking(result.Setting!.Profiles[0].Rules.Single()).ScaleUp.Tolerance, Is.EqualTo(0.05));
            Assert.That(Tracking(result.Setting!.Profiles[0].Rules.Single()).ScaleDown.Tolerance, Is.EqualTo(0.2));
            Assert.That(result.Problems, Is.Empty);
        });
    }

    [Test]
    public void Load_V2beta1_RefusedWithAConversionHint()
    {
        var result = Load("apiVersion: autoscaling/v2beta1\nkind: HorizontalPodAutoscaler\nspec: { maxReplicas: 3 }\n");

        Assert.That(result.Problems.Single().Message, Does.Contain("convert the manifest to autoscaling/v2"));
    }

    [Test]
    public void Load_Manifest_EvaluatedEveryFifteenSecondsAsHpasSyncPeriod()
    {
        Assert.That(Load(Manifest).Setting!.EvaluationInterval, Is.EqualTo(TimeSpan.FromSeconds(15)));
    }
}
