using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ScaleSets.Abstractions;
using ScaleSets.HyperV;
using ScaleSets.HyperV.Runner;

namespace ScaleSets.Hosting.HyperV.Tests;

[TestFixture]
public sealed class ScaleSetBuilderHyperVExtensionsTests
{
    [Test]
    public async Task AddHyperVCompute_WithRegisteredRunner_ProviderRunsItsScriptsThroughThatRunner()
    {
        var runner = new RecordingRunner();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider());
        services.AddSingleton<IPowerShellRunner>(runner);
        services.AddScaleSets(s => s.AddScaleSet("web", web => web.AddHyperVCompute(o =>
        {
            o.DiskDirectory = @"D:\ScaleSets\web";
            o.SwitchName = "Internal";
            o.MaxVmsPerScript = 4;
        })));
        using var provider = services.BuildServiceProvider();

        var compute = ResolveCompute(provider, "web");
        var instances = await compute.ListInstancesAsync("web", CancellationToken.None);
        var options = OptionsOf<HyperVProviderOptions>(compute);

        Assert.Multiple(() =>
        {
            Assert.That(compute, Is.InstanceOf<HyperVComputeProvider>());
            Assert.That(instances, Is.Empty);
            Assert.That(runner.Requests, Has.Count.EqualTo(1), "the listing went through the registered runner");
            Assert.That(runner.Requests[0]["scaleSet"]!.GetValue<string>(), Is.EqualTo("web"));
            Assert.That(options.DiskDirectory, Is.EqualTo(@"D:\ScaleSets\web"));
            Assert.That(options.SwitchName, Is.EqualTo("Internal"));
            Assert.That(options.MaxVmsPerScript, Is.EqualTo(4));
        });
    }

    [Test]
    public void AddHyperVCompute_NoRunnerRegistered_UsesPowerShellProcessRunnerWithConfiguredOptions()
    {
        var services = new ServiceCollection();
        services.Configure<PowerShellProcessRunnerOptions>(o => o.Executable = "powershell.exe");
        services.AddScaleSets(s => s.AddScaleSet("web", web => web.AddHyperVCompute(o => o.DiskDirectory = @"D:\disks")));
        using var provider = services.BuildServiceProvider();

        var runner = provider.GetRequiredService<IPowerShellRunner>();
        var compute = ResolveCompute(provider, "web");

        Assert.Multiple(() =>
        {
            Assert.That(runner, Is.InstanceOf<PowerShellProcessRunner>());
            Assert.That(OptionsOf<PowerShellProcessRunnerOptions>(runner).Executable, Is.EqualTo("powershell.exe"));
            Assert.That(compute, Is.InstanceOf<HyperVComputeProvider>());
        });
    }

    [Test]
    public async Task AddHyperVCompute_InvalidOptions_HostStartFailsNamingTheScaleSet()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider());
        builder.Services.AddSingleton<IPowerShellRunner>(new RecordingRunner());
        builder.Services.AddScaleSets(s => s.AddScaleSet("web", web => web.AddHyperVCompute(o => o.DiskDirectory = string.Empty)));
        using var host = builder.Build();

        var failures = ValidationFailures(Assert.CatchAsync(() => host.StartAsync()));

        Assert.That(failures, Has.Some.StartsWith("Scale set 'web', Hyper-V compute provider: "));
        await host.StopAsync();
    }

    // The host reports the failed options of several names together, as an AggregateException of OptionsValidationExceptions.
    private static List<string> ValidationFailures(Exception? error) => error switch
    {
        OptionsValidationException single => [.. single.Failures],
        AggregateException many => [.. many.Flatten().InnerExceptions.OfType<OptionsValidationException>().SelectMany(e => e.Failures)],
        _ => throw new AssertionException($"Expected an options validation failure, got {error}"),
    };

    private static IComputeProvider ResolveCompute(IServiceProvider provider, string name) =>
        provider.GetRequiredService<ScaleSetRegistry>().Find(name)!.Compute!(provider);

    // The adapters keep their options private; reading the field shows which options instance the container built them from.
    private static T OptionsOf<T>(object adapter) =>
        (T)adapter.GetType().GetFields(BindingFlags.Instance | BindingFlags.NonPublic).Single(f => f.FieldType == typeof(T)).GetValue(adapter)!;

    private sealed class RecordingRunner : IPowerShellRunner
    {
        public List<JsonObject> Requests { get; } = [];

        public Task<PowerShellResult> RunAsync(PowerShellScript script, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
        {
            Requests.Add(JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(arguments[0])))!.AsObject());
            return Task.FromResult(new PowerShellResult(0, "[]\n", string.Empty));
        }
    }
}
