using System.Net;
using System.Text.Json;
using ScaleSets.Policy;

namespace ScaleSets.AspNetCore.Tests.Dashboard;

/// <summary>
/// The first bar of issue 20, end to end: the hosted sample behind a real HAProxy scales out on HAProxy's own request rate,
/// the dashboard in a real headless Chromium shows the scale-out and its explanation, and after the host restarts on the
/// same SQLite file the run history returns the decision with what it caused and the chart still shows it and the load
/// before the restart.
/// </summary>
[TestFixture]
[Category("Browser")]
[Category("HAProxy")]
public sealed class HAProxyDashboardTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    [Test]
    [CancelAfter(8 * 60 * 1000)]
    public async Task Dashboard_SampleBehindHAProxy_ShowsTheScaleOutAndTheHistoryKeepsItAcrossARestart()
    {
        Chromium.Require();
        var directory = Directory.CreateTempSubdirectory("scalesets-haproxy-dashboard-");
        try
        {
            var database = Path.Combine(directory.FullName, "history.db");
            ScaleDecision? scaleOut = null;
            DateTimeOffset stoppedAt;
            await using (var host = await HAProxyDashboardHost.StartAsync(database, Start))
            {
                using var watching = host.Runtime.Decisions.Subscribe(d => scaleOut ??= d.IsAction && d.Reason == ScaleReason.RuleScaleOut ? d : null);

                // The controller's first pass brings the empty set to the minimum of 2; then 40 requests per 5 s through
                // HAProxy (4 per second per instance, over the lowered threshold of 2) until the rule scales it out.
                await host.RunUntilAsync(requests: 0, () => ReadyMembers(host) == 2, maxSteps: 40, "the minimum of 2 in service");
                await host.RunUntilAsync(requests: 40, () => scaleOut is not null, maxSteps: 120, "a scale-out on HAProxy's request rate");
                await host.RunUntilAsync(requests: 0, () => ReadyMembers(host) == scaleOut!.To, maxSteps: 40, "the new instance in service");

                var dom = await Chromium.DumpDomAsync(host.Dashboard);
                Assert.Multiple(() =>
                {
                    Assert.That(scaleOut!.ActingRuleName, Is.EqualTo("rps-high"));
                    Assert.That(dom, Does.Contain($"class=\"action\" data-decision=\"{scaleOut.Id}\""), "the scale-out is marked on the chart");
                    Assert.That(dom, Does.Contain(Encode(scaleOut.Explain())), "with its explanation");
                    Assert.That(dom, Does.Contain("rule 'rps-high' Requests per second"), "which names the rule and HAProxy's metric");
                    Assert.That(dom, Does.Contain("data-rule-series=\"rps-high\"").And.Contain("data-rule-series=\"rps-low\""), "every rule's metric is plotted");
                    Assert.That(dom, Does.Contain($"<div data-stat=\"desired\"><b>{scaleOut.To}</b>"));
                });
                stoppedAt = host.Time.GetUtcNow();
            }

            // The host restarts ten minutes later on the same database (and a new HAProxy: the instances went with the old host).
            await using var restarted = await HAProxyDashboardHost.StartAsync(database, stoppedAt + TimeSpan.FromMinutes(10));
            await restarted.RunUntilAsync(requests: 0, () => restarted.Runtime.GetRecentHistory("web").Count >= 3, maxSteps: 20, "evaluations after the restart");
            using var http = new HttpClient();
            using var response = await http.GetAsync(new Uri(restarted.Dashboard + "/api/history?cause=" + Uri.EscapeDataString(scaleOut!.Id)));
            var body = await response.Content.ReadAsStringAsync();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
            var entries = JsonDocument.Parse(body).RootElement.GetProperty("entries").EnumerateArray().ToList();

            var after = await Chromium.DumpDomAsync(restarted.Dashboard);
            var screenshot = Path.Combine(TestContext.CurrentContext.WorkDirectory, "dashboard-haproxy.png");
            await Chromium.ScreenshotAsync(restarted.Dashboard, screenshot, 1280, 1700);
            TestContext.AddTestAttachment(screenshot, "the dashboard after the restart: the scale-out before it, from the run history");
            Assert.Multiple(() =>
            {
                Assert.That(entries[0].GetProperty("id").GetString(), Is.EqualTo(scaleOut.Id));
                Assert.That(entries[0].GetProperty("message").GetString(), Is.EqualTo(scaleOut.Explain()));
                Assert.That(entries.Skip(1).Select(e => e.GetProperty("type").GetString()), Has.Member("InstanceCreated").And.Member("InstanceReady"), "what it caused, through HAProxy");
                Assert.That(after, Does.Contain($"class=\"action\" data-decision=\"{scaleOut.Id}\""), "the chart after the restart still marks the scale-out, from the run history");
                Assert.That(after, Does.Contain(Encode(scaleOut.Explain())));
                Assert.That(after, Does.Not.Contain("data-chart-note"), "older points were read");
                Assert.That(ChartStart(after), Is.LessThan(Start.AddMinutes(1)), "the chart starts with the first evaluations before the restart, from the run history");
                Assert.That(new FileInfo(screenshot).Length, Is.GreaterThan(20_000), "a rendered page, not a blank one");
            });
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static DateTimeOffset ChartStart(string dom)
    {
        var match = System.Text.RegularExpressions.Regex.Match(dom, "data-from=\"([^\"]+)\"", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
        Assert.That(match.Success, Is.True, "the chart has points");
        return DateTimeOffset.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static int ReadyMembers(HAProxyDashboardHost host) =>
        host.Runtime.TryGetController("web", out var controller) ? controller.GetStatus().Counts.InService : 0;

    /// <summary>Text as Chromium writes it in the DOM it dumps.</summary>
    private static string Encode(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
