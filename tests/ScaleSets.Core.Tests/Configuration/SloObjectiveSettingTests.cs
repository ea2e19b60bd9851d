using ScaleSets.Configuration;
using ScaleSets.Model;

namespace ScaleSets.Tests.Configuration;

[TestFixture]
public sealed class SloObjectiveSettingTests
{
    private const string Path = "$.profiles[0].rules[0].targetTracking.slo";

    private static AutoscaleSetting WithSlo(SloObjective slo)
    {
        var profile = TestSettings.Default();
        profile.Rules = [new ScaleRule { Name = "rps", MetricTrigger = new MetricTrigger { MetricName = "rps", TimeWindow = TimeSpan.FromMinutes(5), DividePerInstance = true }, TargetTracking = new TargetTrackingPolicy { TargetValue = 50, Slo = slo } }];
        return TestSettings.With(profile);
    }

    [Test]
    public void Read_Slo_SetsTheTargetAndProvisioningTime()
    {
        var result = AutoscaleSettingJson.Read("""
            { "name": "s", "profiles": [ { "name": "p", "capacity": { "minimum": 1, "maximum": 30, "default": 1 }, "rules": [
              { "metricTrigger": { "metricName": "rps", "timeWindow": "PT5M", "dividePerInstance": true },
                "targetTracking": { "targetValue": 50, "slo": { "attainment": 0.999, "provisioningTime": "PT6M30S" } } } ] } ] }
            """);

        Assert.That(result.Problems, Is.Empty);
        var slo = result.Setting!.Profiles[0].Rules[0].TargetTracking!.Slo;
        Assert.Multiple(() =>
        {
            Assert.That(slo!.Attainment, Is.EqualTo(0.999));
            Assert.That(slo.ProvisioningTime, Is.EqualTo(TimeSpan.FromSeconds(390)));
        });
    }

    [Test]
    public void Read_UnknownSloProperty_IsReportedWithItsPath()
    {
        var result = AutoscaleSettingJson.Read("""
            { "name": "s", "profiles": [ { "name": "p", "capacity": { "minimum": 1, "maximum": 30, "default": 1 }, "rules": [
              { "metricTrigger": { "metricName": "rps", "timeWindow": "PT5M" },
                "targetTracking": { "targetValue": 50, "slo": { "attainment": 0.99, "provisioningTime": "PT5M", "utilization": 0.7 } } } ] } ] }
            """);

        Assert.That(result.Problems.Select(p => p.Path), Does.Contain(Path + ".utilization"));
    }

    [Test]
    public void Write_Slo_RoundTrips()
    {
        var json = AutoscaleSettingJson.Write(WithSlo(new SloObjective { Attainment = 0.995, ProvisioningTime = TimeSpan.FromMinutes(7) }));
        var copy = AutoscaleSettingJson.Read(json).Setting!.Profiles[0].Rules[0].TargetTracking!.Slo;

        Assert.Multiple(() =>
        {
            Assert.That(copy!.Attainment, Is.EqualTo(0.995));
            Assert.That(copy.ProvisioningTime, Is.EqualTo(TimeSpan.FromMinutes(7)));
        });
    }

    [TestCase(1.0, 300, Path + ".attainment")]
    [TestCase(0.3, 300, Path + ".attainment")]
    [TestCase(double.NaN, 300, Path + ".attainment")]
    [TestCase(0.99, 0, Path + ".provisioningTime")]
    [TestCase(0.99, 200000, Path + ".provisioningTime")]
    public void Validate_SloOutOfRange_NamesTheField(double attainment, int provisioningSeconds, string path)
    {
        var setting = WithSlo(new SloObjective { Attainment = attainment, ProvisioningTime = TimeSpan.FromSeconds(provisioningSeconds) });

        Assert.That(AutoscaleSettingValidator.Validate(setting).Errors.Select(e => e.Path), Does.Contain(path));
    }

    [Test]
    public void Validate_ValidSlo_NoError()
    {
        var setting = WithSlo(new SloObjective { Attainment = 0.999, ProvisioningTime = TimeSpan.FromMinutes(5) });

        Assert.That(AutoscaleSettingValidator.Validate(setting).Errors, Is.Empty);
    }
}
