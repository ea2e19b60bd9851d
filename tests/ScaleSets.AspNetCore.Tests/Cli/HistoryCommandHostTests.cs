using ScaleSets.Cli.Commands;

namespace ScaleSets.AspNetCore.Tests.Cli;

/// <summary><c>scalesets history</c> against a real host on 127.0.0.1 whose run history cannot be kept.</summary>
[TestFixture]
public sealed class HistoryCommandHostTests
{
    [Test]
    public async Task History_DatabaseUnavailable_ExitsOneNamingTheDatabaseAndTheEngineKeepsDeciding()
    {
        // The database's folder is a file: SQLite can neither create nor open it.
        var blocker = Path.GetTempFileName();
        try
        {
            var database = Path.Combine(blocker, "history.db");
            await using var host = await DashboardHost.StartAsync(database);
            using var client = new HttpClient();
            using var output = new StringWriter();
            using var error = new StringWriter();

            var exit = await HistoryCommand.RunAsync(client, host.Dashboard.ToString(), new Dictionary<string, string?> { ["set"] = "web" }, json: false, output, error, CancellationToken.None);
            await host.RunAsync(4, _ => 100.0);
            host.Runtime.TryGetStatus("web", out var status);

            Assert.Multiple(() =>
            {
                Assert.That(exit, Is.EqualTo(1));
                Assert.That(output.ToString(), Is.Empty);
                Assert.That(error.ToString(), Does.StartWith("scalesets: history: ").And.Contain(database).And.Contain("(HTTP 503"));
                Assert.That(status!.Autoscaler.LastEvaluation, Is.GreaterThan(DashboardHost.Start), "the engine keeps deciding");
            });
        }
        finally
        {
            File.Delete(blocker);
        }
    }
}
