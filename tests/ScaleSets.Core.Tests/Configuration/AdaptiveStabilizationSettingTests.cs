using ScaleSets.Configuration;
using ScaleSets.Model;

namespace ScaleSets.Tests.Configuration;

[TestFixture]
public sealed class AdaptiveStabilizationSettingTests
{
    private const string Path = "$.profiles[0].rules[0].targetTracking";

    private static AutoscaleSetting WithTarget(Action<TargetTrackingPolicy> configure)
    {
        var policy = new TargetTrackingPolicy { TargetValue = 50 };
        configure(policy);
        var profile = TestSettings.Default();
        profile.Rules = [new ScaleRule { Name = "rps", MetricTrigger = new MetricTrigger { MetricName = "rps", TimeWindow = TimeSpan.FromMinutes(5) }, TargetTracking = policy }];
        return TestSettings.With(profile);
    }

    private static string[] Errors(AutoscaleSetting setting) => [.. AutoscaleSettingValidator.Validate(setting).Errors.Select(e => e.Path)];

    [Test]
    public void Read_ScaleDownProvisioningTime_SetsIt()
    {
        var result = AutoscaleSettingJson.Read("""
            { "name": "s", "profiles": [ { "name": "p", "capacity": { "minimum": 1, "maximum": 3, "default": 1 }, "rules": [
              { "metricTrigger": { "metricName": "rps", "timeWindow": "PT5M" },
                "targetTracking": { "targetValue": 50, "scaleDown": { "stabilizationWindow": "PT6M30S", "provisioningTime": "PT6M30S" } } } ] } ] }
            """);

        Assert.That(result.Problems, Is.Empty);
        var scaleDown = result.Setting!.Profiles[0].Rules[0].TargetTracking!.ScaleDown;
        Assert.Multiple(() =>
        {
            Assert.That(scaleDown.ProvisioningTime, Is.EqualTo(TimeSpan.FromSeconds(390)));
            Assert.That(scaleDown.StabilizationWindow, Is.EqualTo(TimeSpan.FromSeconds(390)));
        });
    }

    [Test]
    public void Write_ProvisioningTime_RoundTrips()
    {
        var setting = WithTarget(p => p.ScaleDown = new ScalingBehavior { StabilizationWindow = TimeSpan.FromMinutes(4), ProvisioningTime = TimeSpan.FromMinutes(8) });

        var json = AutoscaleSettingJson.Write(setting);
        var copy = AutoscaleSettingJson.Read(json).Setting!;

        Assert.Multiple(() =>
        {
            Assert.That(json, Does.Contain("\"provisioningTime\""));
            Assert.That(copy.Profiles[0].Rules[0].TargetTracking!.ScaleDown.ProvisioningTime, Is.EqualTo(TimeSpan.FromMinutes(8)));
            Assert.That(copy.Profiles[0].Rules[0].TargetTracking!.ScaleUp.ProvisioningTime, Is.Null);
        });
    }

    [Test]
    public void Write_NoProvisioningTime_LeavesThePropertyOut()
    {
        var json = AutoscaleSettingJson.Write(WithTarget(_ => { }));

        Assert.That(json, Does.Not.Contain("provisioningTime"), "settings without it are written as before");
    }

    [Test]
    public void Validate_ProvisioningTimeOnScaleDownWithAWindow_IsValid()
    {
        var setting = WithTarget(p => p.ScaleDown = new ScalingBehavior { StabilizationWindow = TimeSpan.FromMinutes(6), ProvisioningTime = TimeSpan.FromMinutes(6) });

        Assert.That(Errors(setting), Is.Empty);
    }

    [Test]
    public void Validate_ProvisioningTimeOnScaleUp_IsAnErrorAtItsPath()
    {
        var setting = WithTarget(p => p.ScaleUp = new ScalingBehavior { ProvisioningTime = TimeSpan.FromMinutes(6) });

        Assert.That(Errors(setting), Is.EqualTo(new[] { Path + ".scaleUp.provisioningTime" }));
    }

    [Test]
    public void Validate_ProvisioningTimeWithoutAWindow_IsAnErrorAtTheWindow()
    {
        var setting = WithTarget(p => p.ScaleDown = new ScalingBehavior { StabilizationWindow = TimeSpan.Zero, ProvisioningTime = TimeSpan.FromMinutes(6) });

        Assert.That(Errors(setting), Is.EqualTo(new[] { Path + ".scaleDown.stabilizationWindow" }));
    }

    [TestCase(0)]
    [TestCase(-60)]
    [TestCase(2 * 86_400)]
    public void Validate_ProvisioningTimeOutOfRange_IsAnErrorAtItsPath(int seconds)
    {
        var setting = WithTarget(p => p.ScaleDown = new ScalingBehavior { StabilizationWindow = TimeSpan.FromMinutes(5), ProvisioningTime = TimeSpan.FromSeconds(seconds) });

        Assert.That(Errors(setting), Is.EqualTo(new[] { Path + ".scaleDown.provisioningTime" }));
    }
}
