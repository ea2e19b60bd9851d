using ScaleSets.Cli.Commands;
using ScaleSets.Configuration;
using ScaleSets.Model;
using ScaleSets.Tests.Configuration;

namespace ScaleSets.Tests.Cli;

/// <summary>
/// The fifteen real Azure autoscale documents of <c>shared/azure-settings</c> (quickstart templates, the documentation's
/// and the REST specification's examples, Azure's responses recorded by the az CLI's tests), each through
/// <c>scalesets validate</c> with its parameters file where it has one.
/// </summary>
[TestFixture]
public sealed class RealAzureSettingsTests
{
    // Known to be malformed upstream (the documentation's block lacks its closing "]}"), so it must be refused by line.
    private const string Malformed = "docs-understanding-settings.json";

    private static IEnumerable<string> Readable => AzureSettingFiles.Names.Where(n => n != Malformed);

    private static (int Exit, string Output, string Error) Validate(string name)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = ValidateCommand.Run(AzureSettingFiles.PathOf(name), 1000, output, error, AzureSettingFiles.ParametersOf(name));
        return (exit, output.ToString(), error.ToString());
    }

    private static AutoscaleSetting Load(string name)
    {
        var result = AutoscaleSettingLoader.Load(AzureSettingFiles.PathOf(name), new SettingLoadOptions { ParametersFile = AzureSettingFiles.ParametersOf(name) });
        Assert.That(result.IsValid, Is.True, string.Join("\n", result.Problems));
        return result.Setting!;
    }

    [Test]
    public void Directory_HoldsExactlyTheFifteenDocuments()
    {
        var found = System.IO.Directory.GetFiles(AzureSettingFiles.Directory, "*.json")
            .Select(Path.GetFileName)
            .Where(n => !n!.EndsWith(".params.json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

        Assert.That(found, Is.EqualTo(AzureSettingFiles.Names.Order(StringComparer.Ordinal)), "a document without a test here would be read by nobody");
    }

    [TestCaseSource(nameof(Readable))]
    public void Run_RealAzureDocument_IsValid(string name)
    {
        var (exit, output, error) = Validate(name);

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.Empty);
            Assert.That(exit, Is.Zero);
            Assert.That(output.TrimEnd().Split('\n')[^1], Is.EqualTo("valid"));
        });
    }

    [TestCaseSource(nameof(Readable))]
    public void Run_RealAzureDocument_EveryWarningHasTheDocumentsPathStyle(string name)
    {
        var result = AutoscaleSettingLoader.Load(AzureSettingFiles.PathOf(name), new SettingLoadOptions { ParametersFile = AzureSettingFiles.ParametersOf(name) });
        var prefix = result.Format switch
        {
            SettingFormat.AzureTemplate => "$.resources[",
            _ => "$.properties.",
        };

        Assert.That(result.Problems.Where(p => p.Path.Length > 0).Select(p => p.Path), Is.All.StartsWith(prefix));
    }

    [Test]
    public void Run_MalformedDocumentationExample_RefusedWithItsLine()
    {
        var (exit, _, error) = Validate(Malformed);

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(error, Does.Contain("error at line 67: malformed JSON"));
        });
    }

    [Test]
    public void Load_AzCliScaleTo_DirectionNoneExactCountWithDimensions()
    {
        var rule = Load("azcli-rec-rule-with-dimensions.json").Profiles[0].Rules[0];

        Assert.Multiple(() =>
        {
            Assert.That((rule.ScaleAction!.Direction, rule.ScaleAction.Type, rule.ScaleAction.Value), Is.EqualTo((ScaleDirection.None, ScaleType.ExactCount, 5)));
            Assert.That(rule.MetricTrigger.Dimensions.Single().Name, Is.EqualTo("VMName"));
            Assert.That(rule.MetricTrigger.Dimensions.Single().Values, Is.EqualTo(new[] { "cliname1", "cliname2" }));
        });
    }

    [Test]
    public void Run_AzCliPredictiveWithoutRules_WarnsThePolicyIsNotHonoured()
    {
        var (exit, output, _) = Validate("azcli-rec-predictive-enabled.json");

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.Zero);
            Assert.That(output, Does.Contain("warning at $.properties.predictiveAutoscalePolicy: not honoured"));
        });
    }

    [TestCase("restapi-2022-10-01-get.json")]
    [TestCase("restapi-2022-10-01-patch-response.json")]
    [TestCase("restapi-2022-10-01-put-request.json")]
    public void Load_RestSpecificationExample_DayOneIsMonday(string name)
    {
        var schedule = Load(name).Profiles[1].Recurrence!.Schedule;

        Assert.That(schedule.Days, Is.EqualTo(new[] { DayOfWeek.Monday }));
    }

    [Test]
    public void Load_PredictiveTemplateWithParametersFile_TakesTheFilesValues()
    {
        var setting = Load("docs-predictive-arm.json");
        var profile = setting.Profiles[0];

        Assert.Multiple(() =>
        {
            Assert.That((profile.Capacity.Minimum, profile.Capacity.Maximum, profile.Capacity.Default), Is.EqualTo((1, 4, 4)));
            Assert.That(profile.Rules[0].MetricTrigger.Threshold, Is.EqualTo(50));
            Assert.That(profile.Rules[1].MetricTrigger.Threshold, Is.EqualTo(30));
            Assert.That(setting.Predictive?.Mode, Is.EqualTo(PredictiveScalingMode.Enabled));
            Assert.That(setting.Predictive?.TargetPerInstance, Is.EqualTo(50));
        });
    }

    [Test]
    public void Load_QuickstartTemplateWithoutParametersFile_DefaultValuesUsed()
    {
        var profile = Load("qs-vmss-windows-autoscale.json").Profiles[0];

        Assert.That(profile.Rules, Has.Count.EqualTo(2));
        Assert.That(profile.Rules.Select(r => r.ScaleAction!.Direction), Is.EqualTo(new[] { ScaleDirection.Increase, ScaleDirection.Decrease }));
    }

    [Test]
    public void Run_QuickstartTemplate_UnknownPartsOfResourceIdsAreWarnedWithTheirPath()
    {
        var (_, output, _) = Validate("qs-demo-vmss-simplemetric.json");

        Assert.That(output, Does.Contain("warning at $.resources[4].properties.profiles[0].rules[0].metricTrigger.metricResourceUri: ")
            .And.Contain("depends on subscription().subscriptionId, which only Azure knows"));
    }
}
