using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using ScaleSets.Cli.Bench;
using ScaleSets.Orleans.Tests.Hosting;

namespace ScaleSets.Orleans.Tests.Cli;

/// <summary>
/// <c>scalesets cluster-bench</c> end to end, small: two silos in the test's process on a real PostgreSQL, thirty scale
/// sets, two rounds, a silo killed. The figures must be there and sane, not fast (no timing is asserted but order).
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed partial class ClusterBenchCommandTests
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
    public async Task Invoke_ThirtySetsTwoSilosTwoRounds_PrintsCpuLatencyAndFailover()
    {
        var connectionString = await _postgres.CreateDatabaseAsync();
        var output = new StringWriter();
        var exit = await ClusterBenchCommand.Create()
            .Parse(["--silos", "2", "--scale-sets", "30", "--rounds", "2", "--change-rate", "0.5", "--concurrency", "8", "--postgres", connectionString])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = output });

        var text = output.ToString();
        TestContext.Out.WriteLine(text);
        Assert.That(exit, Is.EqualTo(0), text);
        Assert.That(Rounds().Matches(text), Has.Count.EqualTo(2), text);
        foreach (Match round in Rounds().Matches(text))
        {
            Assert.That(Number(round.Groups[1]), Is.GreaterThan(0), "wall time of a round");
            Assert.That(Number(round.Groups[2]), Is.GreaterThan(0), "CPU time of a round");
        }

        var latency = Latency().Match(text);
        Assert.That(latency.Success, Is.True, text);
        var (timed, decisions, p50, p99, max) = (Number(latency.Groups[1]), Number(latency.Groups[2]), Number(latency.Groups[3]), Number(latency.Groups[4]), Number(latency.Groups[5]));
        Assert.That(timed, Is.GreaterThan(0).And.LessThanOrEqualTo(decisions), "half the sets change before each round: decisions are made and timed");
        Assert.That(p50, Is.GreaterThan(0).And.LessThanOrEqualTo(p99));
        Assert.That(p99, Is.LessThanOrEqualTo(max));
        Assert.That(Number(latency.Groups[6]), Is.Zero, "every decision caused its call in the same pass");

        var failover = Failover().Match(text);
        Assert.That(failover.Success, Is.True, text);
        Assert.That(Number(failover.Groups[1]), Is.GreaterThan(0), "the killed silo held sets");
        var (first, median, all) = (Number(failover.Groups[2]), Number(failover.Groups[3]), Number(failover.Groups[4]));
        Assert.That(first, Is.GreaterThan(0).And.LessThanOrEqualTo(median));
        Assert.That(median, Is.LessThanOrEqualTo(all));
        Assert.That(all, Is.LessThan(300), "within the bench's five-minute retry limit");
    }

    [Test]
    public void Invoke_WithoutPostgresOrWithBadNumbers_ExitsOneNamingTheOptions()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = ClusterBenchCommand.Create().Parse(["--silos", "1", "--scale-sets", "0", "--change-rate", "2"]).Invoke(new InvocationConfiguration { Output = output, Error = error });

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output.ToString(), Is.Empty);
        Assert.That(error.ToString(), Does.StartWith("scalesets: --silos: 1 is outside 2 to 9.")
            .And.Contain("--scale-sets: 0 is outside 1 to 100000.")
            .And.Contain("--change-rate: 2 is outside 0 to 1.")
            .And.Contain("--postgres: a PostgreSQL connection string is required"));
    }

    private static double Number(Group group) => double.Parse(group.Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"round \d+: wall ([\d.]+) s, cpu ([\d.]+) s")]
    private static partial Regex Rounds();

    [GeneratedRegex(@"decision to provider call: n=(\d+) of (\d+) decisions, p50 ([\d.]+) ms, p99 ([\d.]+) ms, max ([\d.]+) ms, (\d+) unanswered")]
    private static partial Regex Latency();

    [GeneratedRegex(@"failover: silo \S+ killed holding (\d+) sets; first acting again after ([\d.]+) s, median ([\d.]+) s, all ([\d.]+) s")]
    private static partial Regex Failover();
}
