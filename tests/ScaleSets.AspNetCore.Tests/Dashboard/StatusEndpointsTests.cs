using System.Net;
using System.Text.Json;

namespace ScaleSets.AspNetCore.Tests.Dashboard;

/// <summary>The JSON endpoints against a real Kestrel host on 127.0.0.1.</summary>
[TestFixture]
public sealed class StatusEndpointsTests
{
    [Test]
    public async Task GetSet_AfterAScaleOut_JsonMatchesTheRuntimesStatus()
    {
        await using var host = await DashboardHost.StartAsync();
        await host.RunAsync(30, step => step < 6 ? 100.0 : 400.0);
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(host.Dashboard + "/api/sets/web"));
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.That(host.Runtime.TryGetStatus("web", out var status), Is.True);

        var rules = json.GetProperty("autoscaler").GetProperty("rules");
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(json.GetProperty("name").GetString(), Is.EqualTo("web"));
            Assert.That(json.GetProperty("desiredCapacity").GetInt32(), Is.EqualTo(status!.DesiredCapacity));
            Assert.That(rules[0].GetProperty("name").GetString(), Is.EqualTo("cpu-high"));
            Assert.That(rules[0].GetProperty("threshold").GetDouble(), Is.EqualTo(70));
            Assert.That(json.GetProperty("autoscaler").GetProperty("conditions")[0].GetProperty("type").GetString(), Is.EqualTo("AbleToScale"));
            Assert.That(json.GetProperty("autoscaler").GetProperty("recentDecisions").EnumerateArray().Select(d => d.GetProperty("reason").GetString()), Has.Member("RuleScaleOut"));
            Assert.That(json.GetProperty("controller").GetProperty("instances").GetArrayLength(), Is.EqualTo(status.Controller!.Instances.Count));
        });
    }

    [Test]
    public async Task GetSet_UnknownName_404WithAMessageAndTheEngineKeepsDeciding()
    {
        await using var host = await DashboardHost.StartAsync();
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(host.Dashboard + "/api/sets/nope"));
        var body = await response.Content.ReadAsStringAsync();
        await host.RunAsync(4, _ => 100.0);
        host.Runtime.TryGetStatus("web", out var status);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(JsonDocument.Parse(body).RootElement.GetProperty("error").GetString(), Is.EqualTo("no scale set named 'nope' is running (running: web)"));
            Assert.That(status!.Autoscaler.LastEvaluation, Is.GreaterThan(DashboardHost.Start));
        });
    }

    [Test]
    public async Task GetAll_ListsEverySetAndHistoryHasTheEvaluations()
    {
        await using var host = await DashboardHost.StartAsync();
        await host.RunAsync(10, _ => 100.0);
        using var http = new HttpClient();

        var all = JsonDocument.Parse(await http.GetStringAsync(new Uri(host.Dashboard + "/api/sets"))).RootElement;
        var history = JsonDocument.Parse(await http.GetStringAsync(new Uri(host.Dashboard + "/api/sets/web/history"))).RootElement;

        Assert.Multiple(() =>
        {
            Assert.That(all.EnumerateArray().Select(s => s.GetProperty("name").GetString()), Is.EqualTo(new[] { "web" }));
            Assert.That(history.GetArrayLength(), Is.EqualTo(host.Runtime.GetRecentHistory("web").Count).And.GreaterThan(5));
        });
    }
}
