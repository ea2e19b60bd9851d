using System.Net;
using System.Text.Json;
using ScaleSets.Policy;

namespace ScaleSets.AspNetCore.Tests.Api;

/// <summary><c>GET /scalesets/api/history</c> against a real Kestrel host on 127.0.0.1 with its run history in SQLite.</summary>
[TestFixture]
public sealed class HistoryEndpointTests
{
    [Test]
    public async Task GetHistory_AfterAScaleOutAndARestart_TheDecisionAndWhatItCaused()
    {
        var directory = Directory.CreateTempSubdirectory("scalesets-history-endpoint-");
        try
        {
            var path = Path.Combine(directory.FullName, "history.db");
            string? action = null;
            await using (var first = await DashboardHost.StartAsync(path))
            {
                using var decisions = first.Runtime.Decisions.Subscribe(d => action ??= d.IsAction && d.Reason == ScaleReason.RuleScaleOut ? d.Id : null);
                await first.RunAsync(30, step => step < 6 ? 100.0 : 400.0);
            }

            await using var host = await DashboardHost.StartAsync(path);
            using var http = new HttpClient();
            using var response = await http.GetAsync(new Uri(host.Dashboard + "/api/history?cause=" + Uri.EscapeDataString(action!)));
            var body = await response.Content.ReadAsStringAsync();

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
            var entries = JsonDocument.Parse(body).RootElement.GetProperty("entries").EnumerateArray().ToList();
            Assert.Multiple(() =>
            {
                Assert.That(entries[0].GetProperty("id").GetString(), Is.EqualTo(action));
                Assert.That(entries[0].GetProperty("message").GetString(), Does.Contain("rule 'cpu-high' Percentage CPU ="));
                Assert.That(entries.Skip(1).Select(e => e.GetProperty("type").GetString()), Has.Member("InstanceCreated"));
                Assert.That(entries.Skip(1).Select(e => e.GetProperty("causeId").GetString()), Is.All.EqualTo(action));
            });
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [TestCase("since=yesterday", HttpStatusCode.BadRequest, "since: 'yesterday'")]
    [TestCase("cause=web%23", HttpStatusCode.BadRequest, "cause: 'web#'")]
    [TestCase("set=payments", HttpStatusCode.NotFound, "no scale set named 'payments'")]
    public async Task GetHistory_BadInput_StatusAndMessageAndTheEngineKeepsDeciding(string query, HttpStatusCode expected, string message)
    {
        await using var host = await DashboardHost.StartAsync();
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(host.Dashboard + "/api/history?" + query));
        var body = await response.Content.ReadAsStringAsync();
        await host.RunAsync(4, _ => 100.0);
        host.Runtime.TryGetStatus("web", out var status);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(expected));
            Assert.That(JsonDocument.Parse(body).RootElement.GetProperty("error").GetString(), Does.Contain(message));
            Assert.That(status!.Autoscaler.LastEvaluation, Is.GreaterThan(DashboardHost.Start));
        });
    }

    [Test]
    public async Task GetHistory_DatabaseUnavailable_503NamingItAndTheEngineKeepsDeciding()
    {
        var blocker = Path.GetTempFileName();
        try
        {
            await using var host = await DashboardHost.StartAsync(Path.Combine(blocker, "history.db"));
            using var http = new HttpClient();

            using var response = await http.GetAsync(new Uri(host.Dashboard + "/api/history"));
            var body = await response.Content.ReadAsStringAsync();
            await host.RunAsync(4, _ => 100.0);
            host.Runtime.TryGetStatus("web", out var status);

            Assert.Multiple(() =>
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
                Assert.That(JsonDocument.Parse(body).RootElement.GetProperty("error").GetString(), Does.Contain(Path.Combine(blocker, "history.db")));
                Assert.That(status!.Autoscaler.LastEvaluation, Is.GreaterThan(DashboardHost.Start));
            });
        }
        finally
        {
            File.Delete(blocker);
        }
    }
}
