using System.CommandLine;
using System.Text.RegularExpressions;
using ScaleSets.Cli.Soak;
using ScaleSets.Orleans.Tests.Hosting;

namespace ScaleSets.Orleans.Tests.Cli;

/// <summary>
/// <c>scalesets soak --cluster N --kill-silo-every DURATION</c> end to end: three silos in the test's process on the
/// shared real PostgreSQL, two scale sets as grains, silos killed abruptly and replaced every few virtual minutes.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed partial class ClusterSoakCommandTests
{
    private PostgresServer _postgres = null!;

    [OneTimeSetUp]
    public async Task StartPostgres() => _postgres = await PostgresServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopPostgres()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        await _postgres.DisposeAsync();
    }

    [Test, CancelAfter(600_000)]
    public async Task Invoke_ThreeSilosKilledEveryFiveMinutes_EveryInvariantHoldsAndItExitsZero()
    {
        var connectionString = await _postgres.CreateDatabaseAsync();
        var output = new StringWriter();
        var exit = await SoakCommand.Create()
            .Parse(["--cluster", "3", "--kill-silo-every", "PT5M", "--postgres", connectionString, "--scale-sets", "2", "--instances", "4", "--steps", "40", "--seed", "3"])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = output });

        var text = output.ToString();
        TestContext.Out.WriteLine(text);
        Assert.That(exit, Is.EqualTo(0), text);
        Assert.That(text, Does.Contain("single-actor").And.Contain("no-duplicate").And.Contain("no-orphan").And.Contain("converges").And.EndWith("PASS" + Environment.NewLine));
        var kills = int.Parse(Kills().Match(text).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var activations = int.Parse(Activations().Match(text).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(kills, Is.GreaterThanOrEqualTo(2), "twenty virtual minutes, a kill every five on average");
        Assert.That(activations, Is.GreaterThan(2), "sets moved to other silos: more activations than sets");
        Assert.That(SingleActorChecks().Match(text).Groups[1].Value, Is.EqualTo("41"), "checked after each of the 40 steps and after settling");
    }

    [Test]
    public void Invoke_ClusterWithoutPostgres_ExitsOneNamingTheOption()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = SoakCommand.Create().Parse(["--cluster", "1", "--kill-silo-every", "PT0S"]).Invoke(new InvocationConfiguration { Output = output, Error = error });

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output.ToString(), Is.Empty);
        Assert.That(error.ToString(), Does.StartWith("scalesets: --kill-silo-every: 'PT0S' is not a positive duration"));

        error = new StringWriter();
        exit = SoakCommand.Create().Parse(["--cluster", "1"]).Invoke(new InvocationConfiguration { Output = output, Error = error });
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error.ToString(), Does.Contain("--cluster: 1 is outside 2 to 9 silos.").And.Contain("--postgres: a PostgreSQL connection string is required"));
    }

    [GeneratedRegex(@"(\d+) silos killed")]
    private static partial Regex Kills();

    [GeneratedRegex(@"(\d+) activations")]
    private static partial Regex Activations();

    [GeneratedRegex(@"single-actor\s+checks=(\d+)")]
    private static partial Regex SingleActorChecks();
}
