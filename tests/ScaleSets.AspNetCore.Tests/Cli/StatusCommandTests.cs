using System.Text.Json;
using ScaleSets.Cli.Commands;
using ScaleSets.Policy;

namespace ScaleSets.AspNetCore.Tests.Cli;

/// <summary><c>scalesets status</c> against a real host on 127.0.0.1.</summary>
[TestFixture]
public sealed class StatusCommandTests
{
    [Test]
    public async Task Status_AfterAScaleOut_PrintsCapacityRulesConditionsAndTheDecision()
    {
        await using var host = await DashboardHost.StartAsync();
        await host.RunAsync(30, step => step < 6 ? 100.0 : 400.0);
        host.Runtime.TryGetStatus("web", out var status);
        var scaleOut = status!.Autoscaler.RecentDecisions.Last(d => d.Reason == ScaleReason.RuleScaleOut);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await StatusCommand.RunAsync(host.Dashboard.ToString(), "web", json: false, output, error, CancellationToken.None);

        var text = output.ToString();
        TestContext.Out.WriteLine(text);
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(0), error.ToString());
            Assert.That(text, Does.StartWith("Name:                   web"));
            Assert.That(text, Does.Contain($"Capacity:               current {status.CurrentCapacity}, desired {status.DesiredCapacity}"));
            Assert.That(text, Does.Contain("  cpu-high         Percentage CPU = "));
            Assert.That(text, Does.Contain("> 70 over 00:05:00"));
            Assert.That(text, Does.Contain("  AbleToScale     "));
            Assert.That(text, Does.Contain($"{scaleOut.Id,-10} {scaleOut.Explanation}"));
        });
    }

    [Test]
    public async Task Status_Json_PrintsTheHostsJson()
    {
        await using var host = await DashboardHost.StartAsync();
        await host.RunAsync(4, _ => 100.0);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await StatusCommand.RunAsync(host.Dashboard.ToString(), null, json: true, output, error, CancellationToken.None);

        Assert.That(exit, Is.EqualTo(0), error.ToString());
        Assert.That(JsonDocument.Parse(output.ToString()).RootElement.EnumerateArray().Single().GetProperty("name").GetString(), Is.EqualTo("web"));
    }

    [Test]
    public async Task Status_UnknownSet_ExitsOneWithTheHostsMessage()
    {
        await using var host = await DashboardHost.StartAsync();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await StatusCommand.RunAsync(host.Dashboard.ToString(), "nope", json: false, output, error, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(error.ToString(), Does.StartWith("scalesets: ").And.Contain("answered 404 Not Found: no scale set named 'nope' is running (running: web)"));
        });
    }

    [Test]
    public async Task Status_BadUrl_ExitsOneNamingIt()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await StatusCommand.RunAsync("ftp://x", null, json: false, output, error, CancellationToken.None);

        Assert.That((exit, error.ToString().Trim()), Is.EqualTo((1, "scalesets: --url 'ftp://x' is not an http or https address (for example http://127.0.0.1:5000/scalesets)")));
    }
}
