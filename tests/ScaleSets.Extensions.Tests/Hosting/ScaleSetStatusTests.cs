using Microsoft.Extensions.DependencyInjection;
using ScaleSets.Control;
using ScaleSets.Engine;
using ScaleSets.Hosting;
using ScaleSets.Policy;

namespace ScaleSets.Extensions.Tests.Hosting;

/// <summary>Issue 20 item 1: a running scale set's status as a value, composed of the engine's and the controller's, in virtual time.</summary>
[TestFixture]
public sealed class ScaleSetStatusTests
{
    [Test]
    public async Task TryGetStatus_AfterAScaleOut_ShowsRulesAgainstThresholdsDecisionsInstancesAndConditions()
    {
        using var fixture = new HostFixture(HostFixture.ValidJson);
        var runtime = fixture.Host.Services.GetRequiredService<ScaleSetsRuntime>();
        await fixture.Host.StartAsync();
        await fixture.RunAsync(30, step => step < 10 ? 120.0 : 360.0);

        Assert.That(runtime.TryGetStatus("web", out var status), Is.True);
        var history = runtime.GetRecentHistory("web");
        await fixture.Host.StopAsync();

        var engine = status!.Autoscaler;
        var high = engine.Rules.Single(r => r.Name == "cpu-high");
        var scaleOut = engine.RecentDecisions.First(d => d.Reason == ScaleReason.RuleScaleOut);
        Assert.Multiple(() =>
        {
            Assert.That(status.Name, Is.EqualTo("web"));
            Assert.That(engine.Profile, Is.EqualTo("default"));
            Assert.That((engine.Minimum, engine.Maximum), Is.EqualTo((2, 20)));
            Assert.That(high.Threshold, Is.EqualTo(70));
            Assert.That(high.Window, Is.EqualTo(TimeSpan.FromMinutes(5)));
            // What the rule observed at the last evaluation (below 70 again by then: the scale-out brought it down).
            Assert.That(high.Observed, Is.Not.Null.And.EqualTo(history[^1].Observed[engine.Rules.ToList().IndexOf(high)]));
            Assert.That(scaleOut.Explanation, Does.Contain("> 70 proposes 4"));
            Assert.That(high.LastSample, Is.Not.Null.And.LessThanOrEqualTo(engine.Time));
            Assert.That(high.Explanation, Does.StartWith("rule 'cpu-high' Percentage CPU = "));
            Assert.That(scaleOut.Explanation, Does.Contain("rule 'cpu-high'"));
            Assert.That((scaleOut.From, scaleOut.To), Is.EqualTo((2, 4)));
            Assert.That(engine.Conditions.Select(c => c.Type), Is.EqualTo(new[] { ScaleSetConditionType.AbleToScale, ScaleSetConditionType.ScalingActive, ScaleSetConditionType.ScalingLimited }));
            Assert.That(engine.GetCondition(ScaleSetConditionType.ScalingActive).Status, Is.True);
            Assert.That(status.DesiredCapacity, Is.EqualTo(engine.Capacity));
            Assert.That(status.Controller!.Instances, Has.Count.EqualTo(status.Controller.Counts.Total));
            Assert.That(status.Controller.Zones.Select(z => z.Zone), Is.EqualTo(new[] { "1", "2" }));
            Assert.That(status.Controller.Zones.Sum(z => z.Instances.Total), Is.EqualTo(status.Controller.Counts.Total));
            Assert.That(status.Controller.RecentEvents, Has.Some.Matches<ControllerEvent>(e => e.Kind == ControllerEventKind.InstanceCreated && e.CauseId == scaleOut.Id));
            Assert.That(history, Has.Count.GreaterThan(10));
            Assert.That(history[^1].Capacity, Is.EqualTo(engine.Capacity));
            Assert.That(history[^1].Observed, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task TryGetStatus_DuringTheCooldown_AbleToScaleFalseAndTheNextActionBlockedByIt()
    {
        using var fixture = new HostFixture(HostFixture.ValidJson);
        var runtime = fixture.Host.Services.GetRequiredService<ScaleSetsRuntime>();
        await fixture.Host.StartAsync();
        ScaleSetStatus? status = null;
        for (var i = 0; i < 40 && status?.Autoscaler.CooldownUntil is null; i++)
        {
            await fixture.RunAsync(1, _ => 360.0);
            runtime.TryGetStatus("web", out status);
        }

        await fixture.Host.StopAsync();
        var able = status!.Autoscaler.GetCondition(ScaleSetConditionType.AbleToScale);
        Assert.Multiple(() =>
        {
            Assert.That(status.Autoscaler.CooldownUntil, Is.GreaterThan(status.Time));
            Assert.That((able.Status, able.Reason), Is.EqualTo((false, "Cooldown")));
            Assert.That(status.Autoscaler.NextActionBlockedBy, Does.StartWith("cooldown until "));
        });
    }

    [Test]
    public async Task TryGetStatus_AtTheMinimumWithLowLoad_ScalingLimitedTooFewReplicas()
    {
        using var fixture = new HostFixture(HostFixture.ValidJson);
        var runtime = fixture.Host.Services.GetRequiredService<ScaleSetsRuntime>();
        await fixture.Host.StartAsync();
        await fixture.RunAsync(30, _ => 20.0);

        runtime.TryGetStatus("web", out var status);
        await fixture.Host.StopAsync();
        var limited = status!.Autoscaler.GetCondition(ScaleSetConditionType.ScalingLimited);
        Assert.Multiple(() =>
        {
            Assert.That((limited.Status, limited.Reason), Is.EqualTo((true, "TooFewReplicas")));
            Assert.That(status.Autoscaler.NextActionBlockedBy, Does.Contain("at the profile minimum of 2"));
            Assert.That(status.Controller!.Counts.InService + status.Controller.Counts.WarmingUp, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task TryGetStatus_UnknownScaleSet_FalseAndTheEngineKeepsDeciding()
    {
        using var fixture = new HostFixture(HostFixture.ValidJson);
        var runtime = fixture.Host.Services.GetRequiredService<ScaleSetsRuntime>();
        await fixture.Host.StartAsync();

        var found = runtime.TryGetStatus("nope", out _);
        await fixture.RunAsync(4, _ => 120.0);
        runtime.TryGetStatus("web", out var status);
        await fixture.Host.StopAsync();

        Assert.Multiple(() =>
        {
            Assert.That(found, Is.False);
            Assert.That(runtime.GetRecentHistory("nope"), Is.Empty);
            Assert.That(status!.Autoscaler.LastEvaluation, Is.Not.Null);
        });
    }
}
