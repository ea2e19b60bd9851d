using ScaleSets.Configuration;
using ScaleSets.Metrics;
using ScaleSets.Model;

namespace ScaleSets.Tests.Configuration;

/// <summary>Reading and writing <see cref="AutoscaleSetting.Predictive"/> in the native format.</summary>
[TestFixture]
public sealed class AutoscaleSettingJsonPredictiveTests
{
    private static SettingReadResult ReadPredictive(string predictive) =>
        AutoscaleSettingJson.Read("{ \"name\": \"s\", \"predictive\": " + predictive + ", \"profiles\": [] }");

    [Test]
    public void Read_NativePredictiveFile_ReadsEveryProperty()
    {
        var result = AutoscaleSettingJson.Read(File.ReadAllText(TestData.PathOf("native-predictive.json")));

        Assert.That(result.Problems, Is.Empty, string.Join("\n", result.Problems));
        ModelAssert.AreEqual(
            new PredictiveScalingPolicy
            {
                Mode = PredictiveScalingMode.Enabled,
                MetricName = "Percentage CPU",
                Source = MetricSourceKind.Host,
                TimeGrain = TimeSpan.FromMinutes(5),
                Statistic = MetricStatistic.Average,
                TargetPerInstance = 60,
                IsPerInstanceAverage = true,
                Quantile = 0.95,
                LeadTime = TimeSpan.FromMinutes(15),
                MinimumHistory = TimeSpan.FromDays(7),
                MaximumHistory = TimeSpan.FromDays(28),
                AllowScaleIn = true,
                ScaleInMargin = 0.25,
                RefitInterval = TimeSpan.FromHours(6),
                AllowCombination = false,
            },
            result.Setting!.Predictive);
    }

    [Test]
    public void Load_NativePredictiveFile_IsValid()
    {
        var result = AutoscaleSettingLoader.Load(TestData.PathOf("native-predictive.json"));

        Assert.That(result.Problems, Is.Empty, string.Join("\n", result.Problems));
        Assert.That(result.IsValid, Is.True);
        Assert.That(result.Setting!.Predictive!.Mode, Is.EqualTo(PredictiveScalingMode.Enabled));
    }

    [Test]
    public void Read_PredictiveNamesAndValuesInOtherCaseAndAsStrings_AreMatched()
    {
        var result = ReadPredictive("""
            { "MODE": "forecastonly", "MetricName": "rps", "SOURCE": "application", "timegrain": "00:01:00",
              "statistic": "Maximum", "targetPerInstance": "50.5", "isPerInstanceAverage": "false", "Quantile": " 0.8 ",
              "leadTime": "PT1H30M", "minimumHistory": "P3D", "maximumHistory": "P60D", "allowScaleIn": "True",
              "scaleInMargin": "1e-1", "refitInterval": "P1D", "allowCombination": "FALSE" }
            """);

        Assert.That(result.Problems, Is.Empty, string.Join("\n", result.Problems));
        var policy = result.Setting!.Predictive!;
        Assert.That(policy.Mode, Is.EqualTo(PredictiveScalingMode.ForecastOnly));
        Assert.That(policy.MetricName, Is.EqualTo("rps"));
        Assert.That(policy.Source, Is.EqualTo(MetricSourceKind.Application));
        Assert.That(policy.TimeGrain, Is.EqualTo(TimeSpan.FromMinutes(1)));
        Assert.That(policy.Statistic, Is.EqualTo(MetricStatistic.Max), "Azure's 'Maximum' is accepted as for triggers");
        Assert.That(policy.TargetPerInstance, Is.EqualTo(50.5));
        Assert.That(policy.IsPerInstanceAverage, Is.False);
        Assert.That(policy.Quantile, Is.EqualTo(0.8));
        Assert.That(policy.LeadTime, Is.EqualTo(TimeSpan.FromMinutes(90)));
        Assert.That(policy.MinimumHistory, Is.EqualTo(TimeSpan.FromDays(3)));
        Assert.That(policy.MaximumHistory, Is.EqualTo(TimeSpan.FromDays(60)));
        Assert.That(policy.AllowScaleIn, Is.True);
        Assert.That(policy.ScaleInMargin, Is.EqualTo(0.1));
        Assert.That(policy.RefitInterval, Is.EqualTo(TimeSpan.FromDays(1)));
        Assert.That(policy.AllowCombination, Is.False);
    }

    [Test]
    public void Read_PredictiveWithOnlyMetricAndTarget_KeepsModelDefaults()
    {
        var result = ReadPredictive("""{ "metricName": "cpu", "targetPerInstance": 70 }""");

        Assert.That(result.Problems, Is.Empty);
        ModelAssert.AreEqual(new PredictiveScalingPolicy { MetricName = "cpu", TargetPerInstance = 70 }, result.Setting!.Predictive);
    }

    [Test]
    public void Read_PredictiveNullSourceAndMinimumHistory_AreNull()
    {
        var result = ReadPredictive("""{ "metricName": "cpu", "source": null, "minimumHistory": null }""");

        Assert.That(result.Problems, Is.Empty);
        Assert.That(result.Setting!.Predictive!.Source, Is.Null);
        Assert.That(result.Setting.Predictive.MinimumHistory, Is.Null);
    }

    [Test]
    public void Read_PredictiveNull_NoPolicy()
    {
        var result = ReadPredictive("null");

        Assert.That(result.Problems, Is.Empty);
        Assert.That(result.Setting!.Predictive, Is.Null);
    }

    [Test]
    public void Read_PredictiveAbsent_NoPolicy()
    {
        var result = AutoscaleSettingJson.Read("""{ "name": "s", "profiles": [] }""");

        Assert.That(result.Setting!.Predictive, Is.Null);
    }

    [Test]
    public void Read_PredictiveUnknownMode_ErrorListsAllowedValues()
    {
        var result = ReadPredictive("""{ "mode": "Auto", "metricName": "cpu" }""");

        var problem = result.Problems.Single();
        Assert.That(problem.Severity, Is.EqualTo(SettingProblemSeverity.Error));
        Assert.That(problem.Path, Is.EqualTo("$.predictive.mode"));
        Assert.That(problem.Message, Is.EqualTo("unknown predictive mode 'Auto'; allowed values: Disabled, ForecastOnly, Enabled"));
        Assert.That(result.Setting!.Predictive!.Mode, Is.EqualTo(PredictiveScalingMode.ForecastOnly), "the default stays");
    }

    [TestCase("\"1\"")]
    [TestCase("2")]
    [TestCase("\"Enabled,Disabled\"")]
    public void Read_PredictiveModeAsNumberOrList_IsAnError(string mode)
    {
        var result = ReadPredictive("{ \"mode\": " + mode + " }");

        Assert.That(result.Problems.Single().Path, Is.EqualTo("$.predictive.mode"));
        Assert.That(result.Problems.Single().Severity, Is.EqualTo(SettingProblemSeverity.Error));
    }

    [Test]
    public void Read_PredictiveUnknownProperty_WarnsAndKeepsReading()
    {
        var result = ReadPredictive("""{ "metricName": "cpu", "lookAhead": "PT5M", "leadTime": "PT5M" }""");

        var problem = result.Problems.Single();
        Assert.That(problem.Severity, Is.EqualTo(SettingProblemSeverity.Warning));
        Assert.That(problem.Path, Is.EqualTo("$.predictive.lookAhead"));
        Assert.That(problem.Message, Is.EqualTo("unknown property 'lookAhead' ignored"));
        Assert.That(result.Setting!.Predictive!.LeadTime, Is.EqualTo(TimeSpan.FromMinutes(5)));
    }

    [Test]
    public void Read_PredictiveWrongValueKinds_ReportEachWithPath()
    {
        var result = ReadPredictive("""
            { "metricName": 5, "source": "Disk", "timeGrain": 300, "statistic": "Median", "targetPerInstance": "sixty",
              "isPerInstanceAverage": "yes", "quantile": [], "leadTime": "10 minutes", "minimumHistory": "P1M",
              "maximumHistory": true, "allowScaleIn": 1, "scaleInMargin": {}, "refitInterval": "", "allowCombination": null }
            """);

        Assert.That(result.Problems.Select(p => p.Path), Is.EqualTo(new[]
        {
            "$.predictive.metricName",
            "$.predictive.source",
            "$.predictive.timeGrain",
            "$.predictive.statistic",
            "$.predictive.targetPerInstance",
            "$.predictive.isPerInstanceAverage",
            "$.predictive.quantile",
            "$.predictive.leadTime",
            "$.predictive.minimumHistory",
            "$.predictive.maximumHistory",
            "$.predictive.allowScaleIn",
            "$.predictive.scaleInMargin",
            "$.predictive.refitInterval",
            "$.predictive.allowCombination",
        }));
        Assert.That(result.Problems.All(p => p.Severity == SettingProblemSeverity.Error), Is.True);
        Assert.That(result.Problems[1].Message, Is.EqualTo("unknown metric source 'Disk'; allowed values: Host, Guest, Application, Custom"));
        Assert.That(result.Problems[8].Message, Does.Contain("years and months have no fixed length"));
        ModelAssert.AreEqual(new PredictiveScalingPolicy(), result.Setting!.Predictive);
    }

    [Test]
    public void Read_PredictiveNotAnObject_Error()
    {
        var result = ReadPredictive("\"Enabled\"");

        var problem = result.Problems.Single();
        Assert.That(problem.Path, Is.EqualTo("$.predictive"));
        Assert.That(problem.Message, Is.EqualTo("expected an object, found the string \"Enabled\""));
        Assert.That(result.Setting!.Predictive, Is.Null);
    }

    [Test]
    public void Write_SettingWithPredictive_SpellsOutEveryProperty()
    {
        var setting = TestSettings.Valid();
        setting.Predictive = new PredictiveScalingPolicy { MetricName = "Percentage CPU", TargetPerInstance = 60 };

        var json = AutoscaleSettingJson.Write(setting);

        Assert.That(json, Does.Contain("\n  \"predictive\": {\n    \"mode\": \"ForecastOnly\","));
        Assert.That(json, Does.Contain("\"source\": null,"));
        Assert.That(json, Does.Contain("\"timeGrain\": \"PT5M\","));
        Assert.That(json, Does.Contain("\"leadTime\": \"PT10M\","));
        Assert.That(json, Does.Contain("\"minimumHistory\": null,"));
        Assert.That(json, Does.Contain("\"maximumHistory\": \"P28D\","));
        Assert.That(json, Does.Contain("\"refitInterval\": \"PT1H\","));
        Assert.That(json, Does.Contain("\"allowCombination\": true\n  },\n  \"profiles\": ["));
        Assert.That(json.IndexOf("\"predictive\"", StringComparison.Ordinal), Is.LessThan(json.IndexOf("\"profiles\"", StringComparison.Ordinal)));
    }

    [Test]
    public void Write_SettingWithoutPredictive_OmitsIt()
    {
        var json = AutoscaleSettingJson.Write(TestSettings.Valid());

        Assert.That(json, Does.Not.Contain("predictive"));
    }

    [Test]
    public void Write_ThenRead_PredictiveFile_RoundTrips()
    {
        var original = AutoscaleSettingJson.Read(File.ReadAllText(TestData.PathOf("native-predictive.json"))).Setting!;

        var copy = AutoscaleSettingJson.Read(AutoscaleSettingJson.Write(original));

        Assert.That(copy.Problems, Is.Empty);
        Assert.That(copy.Setting!.Predictive, Is.Not.Null);
        ModelAssert.AreEqual(original, copy.Setting);
    }

    [Test]
    public void Write_NonFinitePredictiveNumbers_ReadBackForValidationToReject()
    {
        var setting = TestSettings.Valid();
        setting.Predictive = new PredictiveScalingPolicy { MetricName = "cpu", TargetPerInstance = double.NaN, Quantile = double.PositiveInfinity };

        var read = AutoscaleSettingJson.Read(AutoscaleSettingJson.Write(setting));

        Assert.That(read.Problems, Is.Empty);
        var errors = AutoscaleSettingValidator.Validate(read.Setting!).Errors.Select(e => e.Path);
        Assert.That(errors, Is.EqualTo(new[] { "$.predictive.targetPerInstance", "$.predictive.quantile" }));
    }
}
