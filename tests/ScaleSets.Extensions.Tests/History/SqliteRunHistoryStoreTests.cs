using Microsoft.Data.Sqlite;
using ScaleSets.History;
using static ScaleSets.Extensions.Tests.History.HistoryEntries;

namespace ScaleSets.Extensions.Tests.History;

[TestFixture]
public sealed class SqliteRunHistoryStoreTests
{
    private DirectoryInfo _directory = null!;
    private SqliteRunHistoryStore _store = null!;

    [SetUp]
    public async Task SetUp()
    {
        _directory = Directory.CreateTempSubdirectory("scalesets-history-");
        _store = new SqliteRunHistoryStore(Path.Combine(_directory.FullName, "nested", "history.db"), TimeSpan.FromSeconds(1));
        await _store.InitializeAsync(CancellationToken.None);
    }

    [TearDown]
    public void TearDown() => _directory.Delete(recursive: true);

    [Test]
    public async Task QueryAsync_ByCause_TheDecisionAndEverythingItCausedOldestFirst()
    {
        await _store.AppendAsync([.. DecisionAndEffects("web", 10, Start), .. DecisionAndEffects("web", 11, Start.AddMinutes(1)), .. DecisionAndEffects("api", 10, Start)], default);

        var entries = await _store.QueryAsync(new RunHistoryQuery { CauseId = "web#10" }, default);

        Assert.That(entries, Is.EqualTo(DecisionAndEffects("web", 10, Start)), "every field comes back, in time order");
        Assert.That(entries.Select(e => e.CorrelationId), Is.All.EqualTo("web#10"));
    }

    [Test]
    public async Task QueryAsync_BySetTimeRangeAndKind_CombinesTheFilters()
    {
        for (var minute = 0; minute < 10; minute++)
        {
            await _store.AppendAsync([.. DecisionAndEffects("web", minute + 1, Start.AddMinutes(minute)), .. DecisionAndEffects("api", minute + 1, Start.AddMinutes(minute))], default);
        }

        var web = await _store.QueryAsync(new RunHistoryQuery { ScaleSet = "web", Since = Start.AddMinutes(2), Until = Start.AddMinutes(4), Kind = RunHistoryEntryKind.Decision }, default);
        var creates = await _store.QueryAsync(new RunHistoryQuery { ScaleSet = "api", Type = "InstanceCreated" }, default);
        var newest = await _store.QueryAsync(new RunHistoryQuery { ScaleSet = "web", Limit = 3 }, default);

        Assert.Multiple(() =>
        {
            Assert.That(web.Select(e => e.Id), Is.EqualTo(new[] { "web#3", "web#4" }), "since inclusive, until exclusive");
            Assert.That(creates, Has.Count.EqualTo(20).And.All.Property(nameof(RunHistoryEntry.Type)).EqualTo("InstanceCreated"));
            Assert.That(newest.Select(e => e.Time), Is.EqualTo(new[] { Start.AddMinutes(9).AddSeconds(1), Start.AddMinutes(9).AddSeconds(5), Start.AddMinutes(9).AddSeconds(6) }), "the newest three, oldest first");
        });
    }

    [Test]
    public async Task Evaluations_OnlyWhenAskedForRoundTripAndTrimmedByTheirOwnRetention()
    {
        var early = new RunHistoryEvaluation("web", Start, 4, 5, 4, ["cpu-high", "cpu-low"], [72.5, null]);
        var late = early with { Time = Start.AddHours(2), Capacity = 6, Observed = [41.25, 41.25] };
        await _store.AppendAsync([early.ToEntry(), .. DecisionAndEffects("web", 1, Start.AddMinutes(1)), late.ToEntry()], default);

        var all = await _store.QueryAsync(new RunHistoryQuery { ScaleSet = "web" }, default);
        var evaluations = await _store.QueryAsync(new RunHistoryQuery { ScaleSet = "web", Kind = RunHistoryEntryKind.Evaluation }, default);
        var deleted = await _store.TrimEvaluationsAsync(Start.AddHours(1), default);
        var left = await _store.QueryAsync(new RunHistoryQuery { Kind = RunHistoryEntryKind.Evaluation }, default);

        Assert.Multiple(() =>
        {
            Assert.That(all, Has.Count.EqualTo(4).And.None.Property(nameof(RunHistoryEntry.Kind)).EqualTo(RunHistoryEntryKind.Evaluation), "a query without a kind leaves the chart's numbers out");
            Assert.That(evaluations.Select(e => RunHistoryEvaluation.TryRead(e, out var read) ? read : null), Is.EqualTo(new[] { early, late }).Using<RunHistoryEvaluation?>(Same));
            Assert.That(deleted, Is.EqualTo(1));
            Assert.That(left.Single().Time, Is.EqualTo(late.Time), "only evaluations older than their retention go; decisions stay");
        });
    }

    [Test]
    public async Task QueryAsync_ValuesThatLookLikeSql_AreOnlyValues()
    {
        var hostile = new RunHistoryEntry(Start, "web", RunHistoryEntryKind.ControllerEvent, "Error", null, "x'); DROP TABLE run_history; --", "i'1", null, null, "it's \"quoted\"; DELETE FROM run_history;");
        await _store.AppendAsync([hostile, Decision("web", 1, Start)], default);

        var found = await _store.QueryAsync(new RunHistoryQuery { CauseId = hostile.CauseId }, default);

        Assert.That(found, Is.EqualTo(new[] { hostile }));
        Assert.That(await _store.CountAsync(default), Is.EqualTo(2), "nothing was executed");
    }

    [Test]
    public async Task TrimAsync_RetentionAndMaxEntries_DeleteTheOldestAndTheFileStopsGrowing()
    {
        long? sizeAfterFirstDay = null;
        for (var hour = 0; hour < 48; hour++)
        {
            var time = Start.AddHours(hour);
            var batch = Enumerable.Range(0, 200).SelectMany(i => DecisionAndEffects($"set-{i % 20}", (hour * 200) + i, time.AddSeconds(i))).ToList();
            await _store.AppendAsync(batch, default);
            await _store.TrimAsync(time - TimeSpan.FromHours(6), 100_000, default);
            if (hour == 23)
            {
                sizeAfterFirstDay = DatabaseSize();
            }
        }

        var count = await _store.CountAsync(default);
        var oldest = (await _store.QueryAsync(new RunHistoryQuery { Since = Start, Limit = RunHistoryQuery.MaxLimit }, default)).Min(e => e.Time);
        var deleted = await _store.TrimAsync(Start, 1000, default);

        Assert.Multiple(() =>
        {
            Assert.That(count, Is.EqualTo(7 * 800), "the last 6 hours and the one being written: 7 hours of 800 entries");
            Assert.That(oldest, Is.GreaterThanOrEqualTo(Start.AddHours(47 - 6)));
            Assert.That(DatabaseSize(), Is.LessThanOrEqualTo(sizeAfterFirstDay!.Value * 1.1), "the second day reuses the first day's pages: the file does not grow");
            Assert.That(deleted, Is.EqualTo(count - 1000), "MaxEntries keeps the newest 1000");
        });
        Assert.That(await _store.CountAsync(default), Is.EqualTo(1000));
    }

    [Test]
    public async Task AppendAsync_DatabaseFull_ThrowsSqliteFull()
    {
        _store.MaxPageCount = 20;
        var batch = Enumerable.Range(0, 2000).Select(i => Decision("web", i, Start.AddSeconds(i))).ToList();

        var ex = Assert.ThrowsAsync<SqliteException>(() => _store.AppendAsync(batch, default));

        Assert.That(ex!.SqliteErrorCode, Is.EqualTo(13), "SQLITE_FULL");
        Assert.That(await _store.CountAsync(default), Is.Zero, "the transaction was rolled back");
    }

    [Test]
    public async Task AppendAsync_LockedByAnotherConnection_FailsAfterTheBusyTimeoutAndWorksOnceReleased()
    {
        using var other = new SqliteConnection($"Data Source={_store.Path};Pooling=False");
        other.Open();
        using (var command = other.CreateCommand())
        {
            command.CommandText = "BEGIN EXCLUSIVE";
            command.ExecuteNonQuery();
        }

        var ex = Assert.ThrowsAsync<SqliteException>(() => _store.AppendAsync([Decision("web", 1, Start)], default));
        Assert.That(ex!.SqliteErrorCode, Is.EqualTo(5), "SQLITE_BUSY");

        using (var command = other.CreateCommand())
        {
            command.CommandText = "COMMIT";
            command.ExecuteNonQuery();
        }

        await _store.AppendAsync([Decision("web", 1, Start)], default);
        Assert.That(await _store.CountAsync(default), Is.EqualTo(1));
    }

    private long DatabaseSize() =>
        new FileInfo(_store.Path).Length + (File.Exists(_store.Path + "-wal") ? new FileInfo(_store.Path + "-wal").Length : 0);

    private static bool Same(RunHistoryEvaluation? a, RunHistoryEvaluation? b) =>
        a is not null && b is not null && a.ScaleSet == b.ScaleSet && a.Time == b.Time && a.Capacity == b.Capacity && a.Instances == b.Instances
        && a.InService == b.InService && a.Rules.SequenceEqual(b.Rules) && a.Observed.SequenceEqual(b.Observed);
}
