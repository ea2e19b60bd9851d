using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ScaleSets.Control;
using ScaleSets.Engine;
using ScaleSets.Hosting;
using ScaleSets.Policy;

namespace ScaleSets.Extensions.Tests.Hosting;

[TestFixture]
public sealed class ScaleSetsHostedServiceTests
{
    [Test]
    public async Task StartAsync_LoadRises_ControllerScalesTheSimulatedCloudOutAndEveryCreateTracesToADecision()
    {
        using var fixture = new HostFixture(HostFixture.ValidJson);
        var runtime = fixture.Host.Services.GetRequiredService<ScaleSetsRuntime>();
        var decisions = new List<ScaleDecision>();
        var events = new List<ControllerEvent>();
        using var d = runtime.Decisions.Subscribe(decisions.Add);
        using var e = runtime.ControllerEvents.Subscribe(events.Add);
        await fixture.Host.StartAsync();

        await fixture.RunAsync(120, step => step < 30 ? 120.0 : 360.0);

        Assert.That(runtime.Engine.TryGetScaleSet("web", out var autoscaler), Is.True);
        var actionIds = decisions.Where(x => x.IsAction).Select(x => x.Id).ToHashSet();
        var created = events.Where(x => x.Kind == ControllerEventKind.InstanceCreated).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(autoscaler!.Capacity, Is.InRange(6, 8), "360% of load needs at least 6 instances below 70%");
            Assert.That(fixture.ReadyInstances(), Has.Count.EqualTo(autoscaler.Capacity), "the controller converged on the engine's capacity");
            Assert.That(created, Has.Count.GreaterThanOrEqualTo(6));
            Assert.That(created.Select(x => x.CauseId), Is.All.Matches<string?>(id => id is not null && (actionIds.Contains(id) || id == "web#initial")), "every create names the decision that caused it, or the starting capacity");
            Assert.That(created.Take(2).Select(x => x.CauseId), Is.All.EqualTo("web#initial"), "the minimum is created at once, before any evaluation");
            Assert.That(runtime.TryGetController("web", out _), Is.True);
        });

        await fixture.Host.StopAsync();
        Assert.Multiple(() =>
        {
            Assert.That(runtime.Engine.ScaleSets, Is.Empty, "stopping removes the scale set from the engine");
            Assert.That(runtime.ScaleSetNames, Is.Empty);
        });
    }

    [Test]
    public async Task StartAsync_InvalidConfiguration_StopsTheHostWithEveryErrorAndItsConfigurationPath()
    {
        var json = HostFixture.ValidJson
            .Replace("\"minimum\": 2, \"maximum\": 20", "\"minimum\": 30, \"maximum\": 20", StringComparison.Ordinal)
            .Replace("\"threshold\": 70", "\"threshold\": \"high\"", StringComparison.Ordinal)
            .Replace("\"ImageReference\": \"golden.vhdx\"", "\"ImageReference\": \"\"", StringComparison.Ordinal)
            .Replace("\"ReconcileInterval\": \"00:00:15\"", "\"ReconcileInterval\": \"02:00:00\"", StringComparison.Ordinal);
        using var fixture = new HostFixture(json);

        var ex = Assert.ThrowsAsync<OptionsValidationException>(() => fixture.Host.StartAsync());

        Assert.That(ex!.Failures, Has.Some.StartsWith("ScaleSets:web:Setting:profiles:0:rules:0:metricTrigger:threshold"));
        Assert.That(ex.Failures, Has.Some.StartsWith("ScaleSets:web:Model:ImageReference"));
        Assert.That(ex.Failures, Has.Some.StartsWith("ScaleSets:web:Controller:ReconcileInterval"));
        Assert.That(fixture.Host.Services.GetRequiredService<AutoscaleEngine>().ScaleSets, Is.Empty, "nothing started");
    }

    [Test]
    public async Task StartAsync_SettingValidatorErrors_NamedByConfigurationPath()
    {
        var json = HostFixture.ValidJson.Replace("\"minimum\": 2, \"maximum\": 20", "\"minimum\": 30, \"maximum\": 20", StringComparison.Ordinal);
        using var fixture = new HostFixture(json);

        var ex = Assert.ThrowsAsync<OptionsValidationException>(() => fixture.Host.StartAsync());

        Assert.That(ex!.Failures, Has.Some.StartsWith("ScaleSets:web:Setting:profiles:0:capacity"));
        await Task.CompletedTask;
    }

    [Test]
    public async Task ConfigurationReload_NewMaximum_TakesEffectWithoutRestart()
    {
        using var fixture = new HostFixture(HostFixture.ValidJson);
        await fixture.Host.StartAsync();
        await fixture.RunAsync(2, _ => 120.0);

        fixture.ChangeConfiguration(HostFixture.ValidJson.Replace("\"maximum\": 20", "\"maximum\": 4", StringComparison.Ordinal));
        await fixture.RunAsync(60, _ => 360.0);

        var engine = fixture.Host.Services.GetRequiredService<AutoscaleEngine>();
        Assert.That(engine.TryGetScaleSet("web", out var autoscaler), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(autoscaler!.Setting.Profiles[0].Capacity.Maximum, Is.EqualTo(4));
            Assert.That(autoscaler.Capacity, Is.EqualTo(4), "the new maximum caps the scale-out");
        });
        await fixture.Host.StopAsync();
    }

    [Test]
    public async Task ConfigurationReload_NewModelVersion_NewInstancesUseItAndTheOthersAreUpgraded()
    {
        var json = HostFixture.ValidJson.Replace("\"Zones\": [ \"1\", \"2\" ],", "\"Zones\": [ \"1\", \"2\" ], \"RollingUpgrade\": { \"Mode\": \"Automatic\" },", StringComparison.Ordinal);
        using var fixture = new HostFixture(json);
        var runtime = fixture.Host.Services.GetRequiredService<ScaleSetsRuntime>();
        var events = new List<ControllerEvent>();
        using var recorded = runtime.ControllerEvents.Subscribe(events.Add);
        await fixture.Host.StartAsync();
        await fixture.RunAsync(10, _ => 120.0);
        var before = fixture.Cloud.GetInstances("web").Select(i => i.Id).ToList();

        fixture.ChangeConfiguration(json.Replace("\"Version\": \"v1\"", "\"Version\": \"v2\"", StringComparison.Ordinal));
        await fixture.RunAsync(40, _ => 120.0);
        await fixture.Host.StopAsync();

        Assert.Multiple(() =>
        {
            Assert.That(before, Has.Count.EqualTo(2), "two instances on v1 before the change");
            Assert.That(runtime.TryGetController("web", out _), Is.False, "stopped");
            Assert.That(events.Where(e => e.Kind == ControllerEventKind.ModelChanged).Select(e => e.CauseId), Is.EqualTo(new[] { "config-reload" }), "once, though the reload was announced twice");
            Assert.That(fixture.Cloud.GetInstances("web").Select(i => i.ModelVersion), Is.Not.Empty.And.All.EqualTo("v2"), "the automatic rolling upgrade moved every instance");
        });
    }

    [Test]
    public async Task ConfigurationReload_InvalidChange_KeepsTheRunningSetting()
    {
        using var fixture = new HostFixture(HostFixture.ValidJson);
        await fixture.Host.StartAsync();

        fixture.ChangeConfiguration(HostFixture.ValidJson.Replace("\"maximum\": 20", "\"maximum\": 1", StringComparison.Ordinal));
        await fixture.RunAsync(2, _ => 120.0);

        var engine = fixture.Host.Services.GetRequiredService<AutoscaleEngine>();
        Assert.That(engine.TryGetScaleSet("web", out var autoscaler), Is.True);
        Assert.That(autoscaler!.Setting.Profiles[0].Capacity.Maximum, Is.EqualTo(20));
        await fixture.Host.StopAsync();
    }

    [Test]
    public void UpdateSetting_UnknownScaleSet_ThrowsNamingIt()
    {
        using var fixture = new HostFixture(HostFixture.ValidJson);
        var runtime = fixture.Host.Services.GetRequiredService<ScaleSetsRuntime>();

        var ex = Assert.Throws<InvalidOperationException>(() => runtime.UpdateSetting("api", new Model.AutoscaleSetting()));

        Assert.That(ex!.Message, Does.Contain("'api'"));
    }

    [Test]
    public void AddScaleSets_CalledTwice_RegistersEachHostedServiceOnceAndTheSystemClock()
    {
        var services = new ServiceCollection();
        services.AddScaleSets();
        services.AddScaleSets();

        // The scale sets' and the run history's, each once; the history's first, so it records from the first event.
        Assert.That(
            services.Where(s => s.ServiceType == typeof(IHostedService)).Select(s => s.ImplementationType),
            Is.EqualTo(new[] { typeof(RunHistoryHostedService), typeof(ScaleSetsHostedService) }));
        using var provider = services.BuildServiceProvider();
        Assert.That(provider.GetRequiredService<TimeProvider>(), Is.SameAs(TimeProvider.System));
    }

    [Test]
    public void AddScaleSet_SameNameTwice_Throws()
    {
        var services = new ServiceCollection();
        var builder = services.AddScaleSets(b => b.AddScaleSet("web", _ => { }));

        Assert.That(() => builder.AddScaleSet("web", _ => { }), Throws.ArgumentException.With.Message.Contains("'web'"));
    }
}
