using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ScaleSets.Hosting;
using ScaleSets.Simulation.Cloud;
using ScaleSets.Simulation.Time;

namespace ScaleSets.Extensions.Tests.Hosting;

/// <summary>
/// A setting file and its ARM parameters file named in the hosting configuration (<c>SettingFile</c>,
/// <c>SettingParametersFile</c>) or with <see cref="ScaleSetBuilder.WithSettingFile"/>; every problem names the key,
/// the file and the JSON path in it.
/// </summary>
[TestFixture]
public sealed class SettingFileHostingTests
{
    private const string TemplateJson = """
        { "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "contentVersion": "1.0.0.0",
          "parameters": { "maximum": { "type": "int", "defaultValue": 3 } },
          "resources": [ { "type": "Microsoft.Insights/autoscalesettings", "apiVersion": "2022-10-01", "name": "web",
            "properties": { "profiles": [ { "name": "p", "capacity": { "minimum": "2", "maximum": "[parameters('maximum')]", "default": "2" }, "rules": [] } ] } } ] }
        """;

    private DirectoryInfo directory = null!;

    private string Template => Path.Combine(directory.FullName, "autoscale.json");

    private string Parameters => Path.Combine(directory.FullName, "autoscale.parameters.json");

    [SetUp]
    public void CreateFiles()
    {
        directory = Directory.CreateTempSubdirectory("scalesets-settingfile-hosting-");
        File.WriteAllText(Template, TemplateJson);
        File.WriteAllText(Parameters, """{ "parameters": { "maximum": { "value": 12 } } }""");
    }

    [TearDown]
    public void DeleteFiles() => directory.Delete(recursive: true);

    private static ScaleSetOptions Create(Dictionary<string, string?> keys, Action<ScaleSetBuilder>? configure = null, int? instanceLimit = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(keys).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        var cloud = new SimulatedCloud(new SimulatedCloudOptions(), new VirtualTimeProvider(HostFixture.Start));
        services.AddScaleSets(b =>
        {
            if (instanceLimit is { } limit)
            {
                b.ConfigureEngine(o => o.InstanceLimit = limit);
            }

            b.AddScaleSet("web", s =>
            {
                s.BindConfiguration("ScaleSets:web")
                    .WithModel(new Abstractions.ScaleSetModel { Version = "v1", ImageReference = "golden.vhdx" })
                    .UseComputeProvider(_ => cloud.Compute)
                    .UseLoadBalancer(_ => cloud.LoadBalancer);
                configure?.Invoke(s);
            });
        });
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptionsFactory<ScaleSetOptions>>().Create("web");
    }

    private static IEnumerable<string> Failures(Dictionary<string, string?> keys, Action<ScaleSetBuilder>? configure = null, int? instanceLimit = null) =>
        Assert.Throws<OptionsValidationException>(() => Create(keys, configure, instanceLimit))!.Failures;

    [Test]
    public void Configuration_SettingParametersFile_GivesTheTemplateItsValues()
    {
        var options = Create(new() { ["ScaleSets:web:SettingFile"] = Template, ["ScaleSets:web:SettingParametersFile"] = Parameters });

        Assert.That(options.Setting!.Profiles[0].Capacity.Maximum, Is.EqualTo(12), "the parameters file's value, not the defaultValue 3");
    }

    [Test]
    public void WithSettingFile_ParametersFile_GivesTheTemplateItsValues()
    {
        var options = Create([], s => s.WithSettingFile(Template, Parameters));

        Assert.Multiple(() =>
        {
            Assert.That(options.Setting!.Profiles[0].Capacity.Maximum, Is.EqualTo(12));
            Assert.That((options.SettingFile, options.SettingParametersFile), Is.EqualTo((Template, Parameters)));
        });
    }

    [Test]
    public void WithSettingFile_NoParametersFile_TakesTheDefaultValue()
    {
        Assert.That(Create([], s => s.WithSettingFile(Template)).Setting!.Profiles[0].Capacity.Maximum, Is.EqualTo(3));
    }

    [Test]
    public void Configuration_MissingParametersFile_ErrorNamesTheKeyAndTheFile()
    {
        var missing = Path.Combine(directory.FullName, "missing.parameters.json");

        var failures = Failures(new() { ["ScaleSets:web:SettingFile"] = Template, ["ScaleSets:web:SettingParametersFile"] = missing });

        Assert.That(failures, Has.Some.EqualTo($"ScaleSets:web:SettingParametersFile '{missing}': cannot read the parameters file '{missing}': the file does not exist"));
    }

    [Test]
    public void Configuration_ProblemInTheParametersFile_NamesTheKeyTheFileAndTheJsonPathThere()
    {
        File.WriteAllText(Parameters, """{ "parameters": { "maximum": { "nothing": 12 } } }""");

        var failures = Failures(new() { ["ScaleSets:web:SettingFile"] = Template, ["ScaleSets:web:SettingParametersFile"] = Parameters });

        Assert.That(failures, Has.Some.StartsWith($"ScaleSets:web:SettingParametersFile '{Parameters}' $.parameters.maximum: the parameters file gives 'maximum' without a \"value\""));
    }

    [Test]
    public void Configuration_ProblemInTheTemplate_NamesTheKeyTheFileAndTheJsonPathThere()
    {
        File.WriteAllText(Parameters, """{ "parameters": { "maximum": { "value": 1 } } }""");

        var failures = Failures(new() { ["ScaleSets:web:SettingFile"] = Template, ["ScaleSets:web:SettingParametersFile"] = Parameters });

        Assert.That(failures, Has.Some.StartsWith($"ScaleSets:web:SettingFile '{Template}' $.resources[0].properties.profiles[0].capacity."));
    }

    [Test]
    public void Configuration_EngineInstanceLimit_AppliesToTheFileAndTheErrorNamesTheFile()
    {
        var failures = Failures(new() { ["ScaleSets:web:SettingFile"] = Template, ["ScaleSets:web:SettingParametersFile"] = Parameters }, instanceLimit: 10);

        Assert.That(failures, Has.Some.StartsWith($"ScaleSets:web:SettingFile '{Template}' $.resources[0].properties.profiles[0].capacity.maximum:").And.Some.Contains("10"));
    }

    [Test]
    public void Configuration_ParametersFileWithoutSettingFile_ErrorNamesTheKey()
    {
        var failures = Failures(new()
        {
            ["ScaleSets:web:SettingParametersFile"] = Parameters,
            ["ScaleSets:web:Setting:name"] = "web",
            ["ScaleSets:web:Setting:profiles:0:name"] = "p",
            ["ScaleSets:web:Setting:profiles:0:capacity:minimum"] = "1",
            ["ScaleSets:web:Setting:profiles:0:capacity:maximum"] = "2",
            ["ScaleSets:web:Setting:profiles:0:capacity:default"] = "1",
        });

        Assert.That(failures, Has.Some.StartsWith($"ScaleSets:web:SettingParametersFile '{Parameters}': a parameters file needs a SettingFile"));
    }

    [Test]
    public void WithSettingFile_ProblemInTheParametersFile_NamesTheOptionWithoutAConfigurationPath()
    {
        File.WriteAllText(Parameters, "{ not json");

        var failures = Assert.Throws<OptionsValidationException>(() =>
        {
            var services = new ServiceCollection();
            var cloud = new SimulatedCloud(new SimulatedCloudOptions(), new VirtualTimeProvider(HostFixture.Start));
            services.AddScaleSets(b => b.AddScaleSet("web", s => s
                .WithSettingFile(Template, Parameters)
                .WithModel(new Abstractions.ScaleSetModel { Version = "v1", ImageReference = "golden.vhdx" })
                .UseComputeProvider(_ => cloud.Compute)
                .UseLoadBalancer(_ => cloud.LoadBalancer)));
            using var provider = services.BuildServiceProvider();
            provider.GetRequiredService<IOptionsFactory<ScaleSetOptions>>().Create("web");
        })!.Failures;

        Assert.That(failures, Has.Some.StartsWith($"SettingParametersFile '{Parameters}' (line 1): the parameters file is not valid JSON"));
    }
}
