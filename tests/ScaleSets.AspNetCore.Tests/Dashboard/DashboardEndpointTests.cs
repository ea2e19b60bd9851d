using System.Net;

namespace ScaleSets.AspNetCore.Tests.Dashboard;

/// <summary>The dashboard page over HTTP from a real Kestrel host on 127.0.0.1, without a browser.</summary>
[TestFixture]
public sealed class DashboardEndpointTests
{
    [Test]
    public async Task Dashboard_DatabaseUnavailable_ShowsTheRecentChartAndSaysWhyOlderPointsAreMissing()
    {
        // The database's folder is a file: SQLite can neither create nor open it.
        var blocker = Path.GetTempFileName();
        try
        {
            var database = Path.Combine(blocker, "history.db");
            await using var host = await DashboardHost.StartAsync(database);
            await host.RunAsync(10, _ => 100.0);
            using var http = new HttpClient();

            using var response = await http.GetAsync(host.Dashboard);
            var page = await response.Content.ReadAsStringAsync();

            Assert.Multiple(() =>
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the page does not depend on the database");
                Assert.That(page, Does.Contain("data-rule-series=\"cpu-high\""), "the chart of the recent evaluations");
                Assert.That(page, Does.Contain("data-chart-note>older points are not shown: ").And.Contain(WebUtility.HtmlEncode(database)), "and why older points are missing");
            });
        }
        finally
        {
            File.Delete(blocker);
        }
    }
}
