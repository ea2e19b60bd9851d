using System.Reactive.Concurrency;
using ScaleSets.Configuration;
using ScaleSets.Control;
using ScaleSets.Engine;
using ScaleSets.Metrics;
using ScaleSets.Model;
using ScaleSets.Simulation.Runs;
using ScaleSets.Simulation.Soak;
using static ScaleSets.Tests.Policy.Profiles;

namespace ScaleSets.Tests.Engine;

/// <summary>
/// Each rule about the engine's input is decided in one place (issue 16): the engine options by
/// <see cref="AutoscaleEngineOptions.Validate"/>, a metric trigger by <see cref="AutoscaleSettingValidator"/>, the
/// instance limit by <see cref="ScaleCapacity.InstanceLimit"/>; the engine and its parts only refuse what those say.
/// </summary>
[TestFixture]
public sealed class OnePlaceDecidesTests
{
    [Test]
    public void Validate_EveryInvalidOption_IsReportedOnceWithItsPath()
    {
        var options = new AutoscaleEngineOptions
        {
            EvaluationInterval = TimeSpan.FromHours(2),
            MaxSampleLateness = TimeSpan.FromMinutes(-1),
            MaxClockSkew = TimeSpan.FromSeconds(-5),
            InstanceLimit = 0,
            PredictiveRefit = (PredictiveRefitMode)9,
            DefaultMetricRange = new MetricValueRange(5, 1),
        };

        Assert.That(options.Validate("ScaleSets:Engine"), Is.EqualTo(new[]
        {
            "ScaleSets:Engine:EvaluationInterval: 02:00:00 must be between 00:00:01 and 01:00:00.",
            "ScaleSets:Engine:MaxSampleLateness: -00:01:00 must not be negative.",
            "ScaleSets:Engine:MaxClockSkew: -00:00:05 must not be negative.",
            "ScaleSets:Engine:InstanceLimit: 0 must be at least 1.",
            "ScaleSets:Engine:PredictiveRefit: 9 must be Background or Inline.",
            "ScaleSets:Engine:DefaultMetricRange: the minimum 5 must not be above the maximum 1 (and neither may be NaN).",
        }));
        Assert.That(new AutoscaleEngineOptions().Validate("x"), Is.Empty, "the defaults are valid");
    }

    [Test]
    public void Engine_InvalidOptions_RefusesWithExactlyTheValidatorsProblems()
    {
        // The lateness used to be checked by the metric store when a scale set was added, the interval by the engine and
        // both again by the hosting package; now the engine refuses what Validate reports, and nothing else.
        var options = new AutoscaleEngineOptions { MaxSampleLateness = TimeSpan.FromMinutes(-1), MaxClockSkew = TimeSpan.FromSeconds(-5) };

        var error = Assert.Throws<ArgumentException>(() => _ = new AutoscaleEngine(new HistoricalScheduler(), options));

        Assert.Multiple(() =>
        {
            Assert.That(error!.ParamName, Is.EqualTo("options"));
            Assert.That(error.Message, Does.StartWith("Invalid engine options: " + string.Join(" ", options.Validate(nameof(AutoscaleEngineOptions)))));
            Assert.That(error.Message, Does.Contain("AutoscaleEngineOptions:MaxSampleLateness: -00:01:00 must not be negative."));
        });
    }

    [Test]
    public void AddScaleSet_InvalidTrigger_RefusedWithTheSettingValidatorsProblems()
    {
        using var harness = new EngineHarness();
        var setting = CpuSetting();
        var trigger = setting.Profiles[0].Rules[0].MetricTrigger;
        trigger.MetricName = " ";
        trigger.Dimensions.Add(new MetricDimensionFilter { Name = "", Values = [] });

        var error = Assert.Throws<AutoscaleSettingException>(() => harness.Engine.AddScaleSet("web", setting, 1));

        // The engine's metric store no longer has its own trigger rules: what it refuses is what the validator says.
        Assert.That(error!.Problems, Is.EqualTo(AutoscaleSettingValidator.Validate(setting).Problems));
        Assert.That(error.Problems.Select(p => p.Path), Is.SupersetOf(new[]
        {
            "$.profiles[0].rules[0].metricTrigger.metricName",
            "$.profiles[0].rules[0].metricTrigger.dimensions[0].name",
            "$.profiles[0].rules[0].metricTrigger.dimensions[0].values",
        }));
    }

    [Test]
    public void InstanceLimit_EveryDefaultAndBound_FollowsTheOneDefinition()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ScaleCapacity.InstanceLimit, Is.EqualTo(1000));
            Assert.That(new AutoscaleEngineOptions().InstanceLimit, Is.EqualTo(ScaleCapacity.InstanceLimit));
            Assert.That(new SettingLoadOptions().InstanceLimit, Is.EqualTo(ScaleCapacity.InstanceLimit));
            Assert.That(ScaleSetControllerOptions.InstanceLimit, Is.EqualTo(ScaleCapacity.InstanceLimit));
            Assert.That(new SimulationOptions().MaximumInstances, Is.EqualTo(ScaleCapacity.InstanceLimit));
            Assert.That(new SoakOptions { Instances = ScaleCapacity.InstanceLimit + 1 }.Validate(), Has.Some.Contains("--instances: 1001 is outside 1 to 1000."));
        });
    }
}
