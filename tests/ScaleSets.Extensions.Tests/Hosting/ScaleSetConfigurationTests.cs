using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ScaleSets.Hosting;
using ScaleSets.Simulation.Cloud;
using ScaleSets.Simulation.Time;

namespace ScaleSets.Extensions.Tests.Hosting;

[TestFixture]
public sealed class ScaleSetConfigurationTests
{
    [TestCase("$.profiles[0].rules[1].metricTrigger.timeWindow", "A:b:profiles:0:rules:1:metricTrigger:timeWindow")]
    [TestCase("$", "A:b")]
    [TestCase("$.name", "A:b:name")]
    public void Locate_JsonPath_BecomesConfigurationPath(string jsonPath, string expected) =>
        Assert.That(ScaleSetConfiguration.Locate("A:b", jsonPath), Is.EqualTo(expected));

    [Test]
    public void ToJson_IndexedKeys_BecomeArraysAndValuesStayStrings()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["s:name"] = "web",
            ["s:profiles:0:name"] = "a",
            ["s:profiles:1:name"] = "b",
            ["s:limits:0"] = "1",
            ["s:limits:2"] = "3",
        }).Build();

        using var json = JsonDocument.Parse(ScaleSetConfiguration.ToJson(configuration.GetSection("s")));

        var root = json.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("name").GetString(), Is.EqualTo("web"));
            Assert.That(root.GetProperty("profiles").ValueKind, Is.EqualTo(JsonValueKind.Array));
            Assert.That(root.GetProperty("profiles")[1].GetProperty("name").GetString(), Is.EqualTo("b"));
            Assert.That(root.GetProperty("limits").ValueKind, Is.EqualTo(JsonValueKind.Object), "keys with a gap are not an array");
        });
    }

    [Test]
    public void OptionsFactory_SettingFile_ReadsTheFileAndNamesTheScaleSet()
    {
        var directory = Directory.CreateTempSubdirectory("scalesets-settingfile-");
        try
        {
            var file = Path.Combine(directory.FullName, "web.json");
            var json = JsonDocument.Parse(HostFixture.ValidJson).RootElement.GetProperty("ScaleSets").GetProperty("web").GetProperty("Setting").GetRawText();
            File.WriteAllText(file, json);
            var services = new ServiceCollection();
            var cloud = new SimulatedCloud(new SimulatedCloudOptions(), new VirtualTimeProvider(HostFixture.Start));
            services.AddScaleSets(b => b.AddScaleSet("web", s => s
                .Configure(o => o.SettingFile = file)
                .WithModel(new Abstractions.ScaleSetModel { Version = "v1", ImageReference = "golden.vhdx" })
                .UseComputeProvider(_ => cloud.Compute)
                .UseLoadBalancer(_ => cloud.LoadBalancer)));
            using var provider = services.BuildServiceProvider();

            var options = provider.GetRequiredService<IOptionsFactory<ScaleSetOptions>>().Create("web");

            Assert.Multiple(() =>
            {
                Assert.That(options.Setting?.Profiles[0].Capacity.Maximum, Is.EqualTo(20));
                Assert.That(options.Controller.ScaleSetName, Is.EqualTo("web"));
            });
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Test]
    public void OptionsFactory_TemplateSettingFileWithParametersFile_TakesTheParameterValues()
    {
        var directory = Directory.CreateTempSubdirectory("scalesets-settingparameters-");
        try
        {
            var template = Path.Combine(directory.FullName, "autoscale.json");
            File.WriteAllText(template, """
                { "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
                  "parameters": { "maximum": { "type": "int", "defaultValue": 3 } },
                  "resources": [ { "type": "Microsoft.Insights/autoscalesettings", "name": "web",
                    "properties": { "profiles": [ { "name": "p", "capacity": { "minimum": "1", "maximum": "[parameters('maximum')]", "default": "1" }, "rules": [] } ] } } ] }
                """);
            var parameters = Path.Combine(directory.FullName, "autoscale.parameters.json");
            File.WriteAllText(parameters, """{ "parameters": { "maximum": { "value": 12 } } }""");
            var services = new ServiceCollection();
            var cloud = new SimulatedCloud(new SimulatedCloudOptions(), new VirtualTimeProvider(HostFixture.Start));
            services.AddScaleSets(b => b.AddScaleSet("web", s => s
                .Configure(o =>
                {
                    o.SettingFile = template;
                    o.SettingParametersFile = parameters;
                })
                .WithModel(new Abstractions.ScaleSetModel { Version = "v1", ImageReference = "golden.vhdx" })
                .UseComputeProvider(_ => cloud.Compute)
                .UseLoadBalancer(_ => cloud.LoadBalancer)));
            using var provider = services.BuildServiceProvider();

            var options = provider.GetRequiredService<IOptionsFactory<ScaleSetOptions>>().Create("web");

            Assert.That(options.Setting?.Profiles[0].Capacity.Maximum, Is.EqualTo(12), "the parameters file's value, not the defaultValue 3");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Test]
    public void OptionsFactory_NothingDeclared_ReportsSettingModelAndAdaptersMissing()
    {
        var services = new ServiceCollection();
        services.AddScaleSets(b => b.AddScaleSet("web", _ => { }));
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptionsFactory<ScaleSetOptions>>().Create("web"));

        Assert.That(ex!.Failures, Has.Some.Contains("Setting: an autoscale setting is required")
            .And.Some.Contains("Model: a model")
            .And.Some.Contains("no compute provider")
            .And.Some.Contains("no load balancer"));
    }
}
