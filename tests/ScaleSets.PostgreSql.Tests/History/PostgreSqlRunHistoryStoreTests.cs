using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using ScaleSets.History;
using ScaleSets.Hosting;
using ScaleSets.Testing.PostgreSql;
using ScaleSets.Testing.Processes;

namespace ScaleSets.PostgreSql.Tests.History;

/// <summary>The run history in a real PostgreSQL server started for the fixture; each test has a table of its own.</summary>
[TestFixture]
public sealed class PostgreSqlRunHistoryStoreTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private PostgreSqlServer _server = null!;
    private PostgreSqlRunHistoryStore _store = null!;
    private int _tables;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await PostgreSqlServer.StartAsync();

    [OneTimeTearDown]
    public void StopServer() => _server?.Dispose();

    [SetUp]
    public async Task SetUp()
    {
        _store = new PostgreSqlRunHistoryStore(_server.ConnectionString(), $"history_{++_tables}");
        await _store.InitializeAsync(default);
    }

    [TearDown]
    public void TearDown() => _store.Dispose();

    [Test]
    public async Task QueryAsync_ByCause_TheDecisionAndEverythingItCausedWithEveryField()
    {
        await _store.AppendAsync([.. DecisionAndEffects("web", 10, Start), .. DecisionAndEffects("web", 11, Start.AddMinutes(1)), .. DecisionAndEffects("api", 10, Start)], default);

        var entries = await _store.QueryAsync(new RunHistoryQuery { CauseId = "web#10" }, default);

        Assert.That(entries, Is.EqualTo(DecisionAndEffects("web", 10, Start)));
    }

    [Test]
    public async Task QueryAsync_BySetTimeRangeKindAndType_CombinesTheFilters()
    {
        for (var minute = 0; minute < 10; minute++)
        {
            await _store.AppendAsync([.. DecisionAndEffects("web", minute + 1, Start.AddMinutes(minute)), .. DecisionAndEffects("api", minute + 1, Start.AddMinutes(minute))], default);
        }

        var web = await _store.QueryAsync(new RunHistoryQuery { ScaleSet = "web", Since = Start.AddMinutes(2), Until = Start.AddMinutes(4), Kind = RunHistoryEntryKind.Decision }, default);
        var creates = await _store.QueryAsync(new RunHistoryQuery { ScaleSet = "api", Type = "InstanceCreated" }, default);
        var newest = await _store.QueryAsync(new RunHistoryQuery { ScaleSet = "web", Limit = 2 }, default);

        Assert.Multiple(() =>
        {
            Assert.That(web.Select(e => e.Id), Is.EqualTo(new[] { "web#3", "web#4" }));
            Assert.That(creates, Has.Count.EqualTo(20));
            Assert.That(newest.Select(e => e.InstanceId), Is.EqualTo(new[] { "web-10-a", "web-10-b" }));
        });
    }

    [Test]
    public async Task Evaluations_OnlyWhenAskedForRoundTripAndTrimmedByTheirOwnRetention()
    {
        var early = new RunHistoryEvaluation("web", Start, 4, 5, 4, ["rps-high", "rps-low"], [72.5, null]);
        var late = early with { Time = Start.AddHours(2), Capacity = 6, Observed = [41.25, 41.25] };
        await _store.AppendAsync([early.ToEntry(), .. DecisionAndEffects("web", 1, Start.AddMinutes(1)), late.ToEntry()], default);

        var all = await _store.QueryAsync(new RunHistoryQuery { ScaleSet = "web" }, default);
        var evaluations = await _store.QueryAsync(new RunHistoryQuery { ScaleSet = "web", Kind = RunHistoryEntryKind.Evaluation }, default);
        var deleted = await _store.TrimEvaluationsAsync(Start.AddHours(1), default);
        var left = await _store.QueryAsync(new RunHistoryQuery { Kind = RunHistoryEntryKind.Evaluation }, default);

        Assert.Multiple(() =>
        {
            Assert.That(all, Has.Count.EqualTo(4).And.None.Property(nameof(RunHistoryEntry.Kind)).EqualTo(RunHistoryEntryKind.Evaluation), "a query without a kind leaves the chart's numbers out");
            Assert.That(evaluations, Is.EqualTo(new[] { early.ToEntry(), late.ToEntry() }), "every field comes back");
            Assert.That(RunHistoryEvaluation.TryRead(evaluations[0], out var read) && read!.Observed.SequenceEqual(early.Observed) && read.Rules.SequenceEqual(early.Rules), Is.True);
            Assert.That(deleted, Is.EqualTo(1));
            Assert.That(left.Single().Time, Is.EqualTo(late.Time), "only evaluations older than their retention go; decisions stay");
        });
    }

    [Test]
    public async Task QueryAsync_ValuesThatLookLikeSql_AreOnlyValues()
    {
        var hostile = new RunHistoryEntry(Start, "web", RunHistoryEntryKind.ControllerEvent, "Error", null, "x'); DROP TABLE history_1; --", "i'1", null, null, "it's; DELETE FROM x;");
        await _store.AppendAsync([hostile], default);

        Assert.That(await _store.QueryAsync(new RunHistoryQuery { CauseId = hostile.CauseId }, default), Is.EqualTo(new[] { hostile }));
        Assert.That(await _store.CountAsync(default), Is.EqualTo(1));
    }

    [Test]
    public async Task Writer_RetentionAndMaxEntries_TrimTheTable()
    {
        var time = new FakeTimeProvider(Start);
        using var history = new RunHistory(_store, new RunHistoryOptions { Retention = TimeSpan.FromHours(1), MaxEntries = 5 }, time);
        history.Start();
        history.Record(Decision("web", 1, Start));
        time.Advance(TimeSpan.FromHours(2));
        for (var i = 2; i <= 9; i++)
        {
            history.Record(Decision("web", i, time.GetUtcNow()));
        }

        await history.StopAsync(CancellationToken.None);

        Assert.That((await history.QueryAsync(new RunHistoryQuery())).Select(e => e.Id), Is.EqualTo(Enumerable.Range(5, 5).Select(i => $"web#{i}")));
        Assert.That(history.Status.Trimmed, Is.EqualTo(4));
    }

    [Test]
    public async Task Unreachable_WritesFailCountedAndQueriesSayUnavailableNamingTheServer()
    {
        var port = ChildProcess.FreePort();
        using var store = new PostgreSqlRunHistoryStore($"Host=127.0.0.1;Port={port};Username=scalesets;Database=ops;Timeout=5");
        using var history = new RunHistory(store, new RunHistoryOptions(), TimeProvider.System);
        history.Start();
        history.Record(Decision("web", 1, Start));
        await history.StopAsync(CancellationToken.None);

        var ex = Assert.ThrowsAsync<RunHistoryUnavailableException>(() => history.QueryAsync(new RunHistoryQuery()));

        Assert.Multiple(() =>
        {
            Assert.That(history.Status.Failed, Is.EqualTo(1));
            Assert.That(history.Status.LastError, Does.Contain($"127.0.0.1:{port}"));
            Assert.That(ex!.Message, Does.Contain($"PostgreSQL table scalesets_run_history in database ops on 127.0.0.1:{port}"));
        });
    }

    [TestCase("Run_History")]
    [TestCase("history; DROP TABLE x")]
    [TestCase("1history")]
    [TestCase("")]
    public void Constructor_TableNameNotPlain_Refused(string table)
    {
        var ex = Assert.Throws<ArgumentException>(() => new PostgreSqlRunHistoryStore(_server.ConnectionString(), table));
        Assert.That(ex!.Message, Does.Contain("is not a plain PostgreSQL name"));
    }

    [Test]
    public async Task UsePostgreSqlHistory_Host_RecordsIntoTheTable()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddScaleSets(s => s.UsePostgreSqlHistory(_server.ConnectionString(), "hosted_history"));
        RunHistoryStatus status;
        using (var host = builder.Build())
        {
            await host.StartAsync();
            var history = host.Services.GetRequiredService<IRunHistory>();
            // The host's clock is the system's: entries of today, or the retention period trims them at stop.
            foreach (var entry in DecisionAndEffects("web", 7, TimeProvider.System.GetUtcNow()))
            {
                history.Record(entry);
            }

            await host.StopAsync();
            status = history.Status;
            Assert.That(history.Description, Does.StartWith("PostgreSQL table hosted_history"));
        }

        Assert.That(status.Written, Is.EqualTo(4), status.LastError);

        await using var connection = new NpgsqlConnection(_server.ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM hosted_history WHERE entry_id = 'web#7' OR cause_id = 'web#7'", connection);
        Assert.That(await command.ExecuteScalarAsync(), Is.EqualTo(4L));
    }

    private static RunHistoryEntry Decision(string set, long sequence, DateTimeOffset time) =>
        new(time, set, RunHistoryEntryKind.Decision, "RuleScaleOut", $"{set}#{sequence}", null, null, 2, 4, "scale out 2 -> 4: rule 'cpu-high' Percentage CPU = 81 > 70 proposes 4");

    private static RunHistoryEntry Event(string set, string kind, string cause, DateTimeOffset time, string? instance) =>
        new(time, set, RunHistoryEntryKind.ControllerEvent, kind, null, cause, instance, null, null, $"{kind} {instance}");

    private static IReadOnlyList<RunHistoryEntry> DecisionAndEffects(string set, long sequence, DateTimeOffset time) =>
    [
        Decision(set, sequence, time),
        Event(set, "CapacityChanged", $"{set}#{sequence}", time.AddSeconds(1), null),
        Event(set, "InstanceCreated", $"{set}#{sequence}", time.AddSeconds(5), $"{set}-{sequence}-a"),
        Event(set, "InstanceCreated", $"{set}#{sequence}", time.AddSeconds(6), $"{set}-{sequence}-b"),
    ];
}
