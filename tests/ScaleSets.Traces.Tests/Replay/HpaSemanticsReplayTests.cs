using System.Globalization;
using System.Text;
using ScaleSets.Configuration;
using ScaleSets.Model;
using ScaleSets.Replay;
using static ScaleSets.Tests.Replay.HpaCase;

namespace ScaleSets.Tests.Replay;

/// <summary>The HPA semantics the Kubernetes cases rest on, each shown in a replay: what HPA does that Azure does not, and back.</summary>
[TestFixture]
public sealed class HpaSemanticsReplayTests
{
    // Two metrics whose proposals trade places: at 00:30 "a" wants 8 and "b" 4, at 00:45 "a" wants 4 and "b" 8, with a
    // 30-second scale-up window. HPA takes the larger proposal first (8, then 8) and stabilizes once: 8 at 00:45. Each rule
    // stabilized on its own (Azure's combination) never sees two 8s in a row and sticks at 5.
    [Test]
    public void Replay_ProposalsTradingPlaces_HpaTakesTheLargestBeforeStabilizing()
    {
        var csv = TwoMetrics(("a", [50, 80, 40]), ("b", [50, 40, 80]));

        var hpa = FinalCapacity(TwoRules(RuleCombination.Hpa), 5, csv);
        var azure = FinalCapacity(TwoRules(RuleCombination.Azure), 5, csv);

        Assert.Multiple(() =>
        {
            Assert.That(hpa, Is.EqualTo(8));
            Assert.That(azure, Is.EqualTo(5));
        });
    }

    // A fresh start with a 60-second scale-up window and a load that wants 6 instances from the first sample: the
    // initial size is the window's first recommendation, so the set scales out after 60 s, not at once.
    [Test]
    public void Replay_FreshStart_DoesNotSkipTheScaleUpWindow()
    {
        var setting = Setting(1, 10, Target(Cpu, 50, p => p.ScaleUp.StabilizationWindow = TimeSpan.FromSeconds(60)));
        var csv = Csv(Cpu, [100, 100, 100], periods: 8);

        var decisions = MetricReplay.Run(setting, Samples(csv), new ReplayOptions { InitialCapacity = 3, From = T0 });

        Assert.Multiple(() =>
        {
            Assert.That(decisions.Select(d => d.To), Is.EqualTo(new[] { 6 }));
            Assert.That(decisions[0].Time - T0, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(60)));
        });
    }

    // The same load replayed twice, the second time starting mid-way (a restart): neither scales in during the first
    // five minutes after it starts.
    [Test]
    public void Replay_Restart_DoesNotScaleInAtOnce()
    {
        var setting = Setting(1, 10, Target(Cpu, 50, p => p.ScaleDown = ScalingBehavior.DefaultScaleDown()));
        var csv = Csv(Cpu, [10, 10, 10, 10], periods: 60);
        var restart = T0 + TimeSpan.FromMinutes(10);

        var decisions = MetricReplay.Run(setting, Samples(csv), new ReplayOptions { InitialCapacity = 4, From = restart });

        Assert.That(decisions[0].Time - restart, Is.GreaterThanOrEqualTo(TimeSpan.FromMinutes(5)));
    }

    // HPA-style settings pause at zero; an Azure-style setting is raised to its minimum unless it asks to pause.
    [Test]
    public void Replay_ZeroWithMinimumAboveZero_PausesHpaStyleAndRaisesAzureStyle()
    {
        var csv = WithSetLevel(Csv(Cpu, []), Cpu, 90, periods: 4);
        var hpa = Setting(3, 5, Target(Cpu, 50));
        var azure = Setting(3, 5, Threshold(Cpu, 95));
        var azurePaused = Setting(3, 5, Threshold(Cpu, 95));
        azurePaused.PauseAtZero = true;

        Assert.Multiple(() =>
        {
            Assert.That(FinalCapacity(hpa, 0, csv), Is.EqualTo(0));
            Assert.That(FinalCapacity(azure, 0, csv), Is.EqualTo(3));
            Assert.That(FinalCapacity(azurePaused, 0, csv), Is.EqualTo(0));
        });
    }

    // Per-direction tolerance (behavior.scaleUp.tolerance): 8% above the target scales out with a 5% scale-up tolerance,
    // and 8% below it stays put with the default 10% scale-down tolerance.
    [Test]
    public void Replay_PerDirectionTolerance_ScalesUpAtEightPercentButNotDown()
    {
        var setting = Setting(1, 100, Target(Cpu, 50, p => p.ScaleUp.Tolerance = 0.05));

        Assert.Multiple(() =>
        {
            Assert.That(FinalCapacity(setting, 10, Csv(Cpu, Enumerable.Repeat(54.0, 10).ToArray())), Is.EqualTo(11));
            Assert.That(FinalCapacity(setting, 10, Csv(Cpu, Enumerable.Repeat(46.0, 10).ToArray())), Is.EqualTo(10));
        });
    }

    // "1 pod per 300 s", written as Kubernetes writes it (type Pods, periodSeconds 300): over ten minutes of evaluations
    // every 15 s, a set wanting to shed 6 instances loses one every five minutes, not one every 15 s.
    [Test]
    public void Replay_OnePodPer300Seconds_RemovesOneInstanceEveryFiveMinutes()
    {
        const string Json = """
            {
              "name": "hpa", "evaluationInterval": "PT15S",
              "profiles": [{
                "name": "hpa", "capacity": { "minimum": 1, "maximum": 10, "default": 1 },
                "rules": [{
                  "metricTrigger": { "metricName": "cpu-utilization", "timeGrain": "PT15S", "timeWindow": "PT15S" },
                  "targetTracking": {
                    "targetValue": 50,
                    "scaleDown": { "stabilizationWindowSeconds": 0, "policies": [{ "type": "Pods", "value": 1, "periodSeconds": 300 }] }
                  }
                }]
              }]
            }
            """;
        var read = AutoscaleSettingJson.Read(Json);
        var policy = read.Setting!.Profiles[0].Rules[0].TargetTracking!.ScaleDown;

        var actions = Actions(read.Setting, 8, Csv(Cpu, Enumerable.Repeat(10.0, 8).ToArray(), periods: 44), TimeSpan.FromMinutes(11));

        Assert.Multiple(() =>
        {
            Assert.That(read.Problems, Is.Empty, string.Join("; ", read.Problems));
            Assert.That(policy.Policies[0].Type, Is.EqualTo(ScalingRatePolicyType.Pods));
            Assert.That(policy.Policies[0].Period, Is.EqualTo(TimeSpan.FromSeconds(300)));
            Assert.That(actions, Is.EqualTo(new[] { 7, 6, 5 }), "one instance at 00:00:15, 00:05:15 and 00:10:15");
        });
    }

    // A set evaluated every 60 s in an engine ticking every 15 s acts at its own cadence.
    [Test]
    public void Replay_OwnEvaluationInterval_EvaluatesAtThatCadence()
    {
        var setting = Setting(1, 100, Target(Cpu, 50));
        setting.EvaluationInterval = TimeSpan.FromSeconds(60);
        var options = new ReplayOptions { InitialCapacity = 2, From = T0, EveryEvaluation = true, To = T0 + TimeSpan.FromMinutes(3) };
        options.Engine.EvaluationInterval = TimeSpan.FromSeconds(15);

        var evaluations = MetricReplay.Run(setting, Samples(Csv(Cpu, [50, 50], periods: 12)), options);

        Assert.That(evaluations.Select(e => (e.Time - T0).TotalSeconds), Is.EqualTo(new[] { 0.0, 60, 120, 180 }));
    }

    // The decision says which instances entered HPA's formula: 1 ready pod reported, 1 was missing, 1 not ready
    // (TestReplicaCalcMissingMetricsUnreadyScaleUp's pods).
    [Test]
    public void Replay_MissingAndNotReadyInstances_AreNamedInTheDecision()
    {
        var setting = Setting(1, 100, Target(Cpu, 50));
        var csv = Csv(Cpu, [10, 200], ready: [false, true, true]);

        var options = new ReplayOptions { InitialCapacity = 3, From = T0, Readiness = MetricCsvReader.ReadReadiness(new StringReader(csv), "case.csv") };
        var action = MetricReplay.Run(setting, Samples(csv), options).Single();
        var rule = action.Rules[0];

        Assert.Multiple(() =>
        {
            Assert.That(action.To, Is.EqualTo(4));
            Assert.That((rule.ReportingInstances, rule.MissingInstances, rule.NotReadyInstances), Is.EqualTo((1, 1, 1)));
            Assert.That(action.Explain(), Does.Contain("from 1 reporting instance(s), 1 missing, 1 not ready"));
        });
    }

    private static IReadOnlyList<ScaleSets.Metrics.MetricSample> Samples(string csv) => MetricCsvReader.Read(new StringReader(csv), "case.csv");

    private static AutoscaleSetting TwoRules(RuleCombination combination)
    {
        var window = TimeSpan.FromSeconds(30);
        var setting = Setting(
            1,
            20,
            Target("a", 50, p => p.ScaleUp.StabilizationWindow = window),
            Target("b", 50, p => p.ScaleUp.StabilizationWindow = window));
        setting.Profiles[0].Combination = combination;
        return setting;
    }

    private static ScaleRule Threshold(string metric, double above) => new()
    {
        MetricTrigger = new MetricTrigger { MetricName = metric, Operator = ComparisonOperator.GreaterThan, Threshold = above, TimeWindow = TimeSpan.FromMinutes(5) },
        ScaleAction = new ScaleAction { Direction = ScaleDirection.Increase, Type = ScaleType.ChangeCount, Value = 1, Cooldown = TimeSpan.FromMinutes(1) },
    };

    /// <summary>Each metric's per-instance level in each 15-second period, on 5 instances.</summary>
    private static string TwoMetrics(params (string Metric, double[] Levels)[] metrics)
    {
        var csv = new StringBuilder("timestamp,metric,value,instance\n");
        foreach (var (metric, levels) in metrics)
        {
            for (var k = 0; k < levels.Length; k++)
            {
                for (var i = 0; i < 5; i++)
                {
                    csv.Append(CultureInfo.InvariantCulture, $"{(T0 + (k * Period)).ToString("O", CultureInfo.InvariantCulture)},{metric},{levels[k]},vm-{i}\n");
                }
            }
        }

        return csv.ToString();
    }
}
