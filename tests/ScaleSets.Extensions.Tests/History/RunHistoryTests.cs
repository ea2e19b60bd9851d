using Microsoft.Extensions.Time.Testing;
using ScaleSets.History;
using static ScaleSets.Extensions.Tests.History.HistoryEntries;

namespace ScaleSets.Extensions.Tests.History;

[TestFixture]
public sealed class RunHistoryTests
{
    private DirectoryInfo _directory = null!;

    [SetUp]
    public void SetUp() => _directory = Directory.CreateTempSubdirectory("scalesets-history-");

    [TearDown]
    public void TearDown() => _directory.Delete(recursive: true);

    [Test]
    public async Task Record_DatabaseStopsAnswering_RecordingNeverWaitsAndTheOldestWaitingAreDroppedAndCounted()
    {
        var store = new GatedStore(Sqlite("history.db"));
        using var history = new RunHistory(store, new RunHistoryOptions { QueueCapacity = 10, BatchSize = 1 }, new FakeTimeProvider(Start));
        history.Start();
        history.Record(Decision("web", 0, Start));
        await store.Entered;

        for (var i = 1; i <= 100; i++)
        {
            history.Record(Decision("web", i, Start.AddSeconds(i)));
        }

        var whileBlocked = history.Status;
        store.Open();
        await history.StopAsync(CancellationToken.None);
        var kept = await history.QueryAsync(new RunHistoryQuery());

        Assert.Multiple(() =>
        {
            Assert.That(whileBlocked.Dropped, Is.EqualTo(90), "100 recorded behind a blocked write, 10 fit the queue");
            Assert.That(whileBlocked.Pending, Is.EqualTo(11), "the one being written and the 10 queued");
            Assert.That(history.Status.Written, Is.EqualTo(11));
            Assert.That(history.Status.Pending, Is.Zero);
            Assert.That(kept.Select(e => e.Id), Is.EqualTo(new[] { "web#0" }.Concat(Enumerable.Range(91, 10).Select(i => $"web#{i}"))), "the newest stay, the oldest waiting went");
        });
    }

    [Test]
    public async Task Record_DatabaseFolderIsAFile_WritesFailCountedAndNamedAndQueriesSayUnavailable()
    {
        var blocker = Path.Combine(_directory.FullName, "not-a-folder");
        await File.WriteAllTextAsync(blocker, "x");
        using var history = new RunHistory(Sqlite(Path.Combine(blocker, "history.db")), new RunHistoryOptions(), new FakeTimeProvider(Start));
        history.Start();
        foreach (var entry in DecisionAndEffects("web", 1, Start))
        {
            history.Record(entry);
        }

        await history.StopAsync(CancellationToken.None);
        var ex = Assert.ThrowsAsync<RunHistoryUnavailableException>(() => history.QueryAsync(new RunHistoryQuery { ScaleSet = "web" }));

        Assert.Multiple(() =>
        {
            Assert.That(history.Status.Failed, Is.EqualTo(4));
            Assert.That(history.Status.Written, Is.Zero);
            Assert.That(history.Status.LastError, Does.Contain(Path.Combine(blocker, "history.db")), "the error names the database");
            Assert.That(ex!.Message, Does.Contain("SQLite database " + Path.Combine(blocker, "history.db")).And.Contains("cannot be read"));
        });
    }

    [Test]
    public void QueryAsync_DatabaseMissing_UnavailableNamingTheFile()
    {
        var path = Path.Combine(_directory.FullName, "missing.db");
        using var history = new RunHistory(Sqlite("missing.db"), new RunHistoryOptions(), new FakeTimeProvider(Start));

        var ex = Assert.ThrowsAsync<RunHistoryUnavailableException>(() => history.QueryAsync(new RunHistoryQuery()));

        Assert.That(ex!.Message, Does.Contain(path).And.Contains("unable to open database file"));
        Assert.That(File.Exists(path), Is.False, "a query does not create an empty database");
    }

    [Test]
    public async Task Record_DatabaseFull_EntriesFailCountedWithTheErrorAndTheNextWritesGoOn()
    {
        var store = Sqlite("full.db");
        store.MaxPageCount = 12;
        using var history = new RunHistory(store, new RunHistoryOptions { BatchSize = 10_000 }, new FakeTimeProvider(Start));
        history.Start();
        for (var i = 0; i < 3000; i++)
        {
            history.Record(Decision("web", i, Start.AddSeconds(i)));
        }

        await history.StopAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(history.Status.Failed, Is.GreaterThan(0));
            Assert.That(history.Status.Failed + history.Status.Written, Is.EqualTo(3000), "every entry is written or counted as failed");
            Assert.That(history.Status.LastError, Does.Contain("full.db").And.Contains("full"));
        });
    }

    [Test]
    public async Task Writer_RetentionPassed_TrimsWhatIsOlderAndKeepsMaxEntries()
    {
        var time = new FakeTimeProvider(Start);
        using var history = new RunHistory(Sqlite("retention.db"), new RunHistoryOptions { Retention = TimeSpan.FromHours(1), TrimInterval = TimeSpan.FromMinutes(1), MaxEntries = 5 }, time);
        history.Start();
        history.Record(Decision("web", 1, Start));
        history.Record(Decision("web", 2, Start.AddMinutes(1)));

        time.Advance(TimeSpan.FromHours(2));
        for (var i = 3; i <= 10; i++)
        {
            history.Record(Decision("web", i, time.GetUtcNow().AddSeconds(i)));
        }

        await history.StopAsync(CancellationToken.None);
        var kept = await history.QueryAsync(new RunHistoryQuery());

        Assert.That(kept.Select(e => e.Id), Is.EqualTo(Enumerable.Range(6, 5).Select(i => $"web#{i}")), "older than an hour went, then all but the newest 5");
        Assert.That(history.Status.Trimmed, Is.EqualTo(5));
    }

    [Test]
    public void QueryAsync_Disabled_UnavailableSayingSo()
    {
        using var history = new RunHistory(null, new RunHistoryOptions { Enabled = false }, TimeProvider.System);
        history.Record(Decision("web", 1, Start));

        var ex = Assert.ThrowsAsync<RunHistoryUnavailableException>(() => history.QueryAsync(new RunHistoryQuery()));

        Assert.That(ex!.Message, Does.Contain("disabled"));
        Assert.That(history.Status.Recorded, Is.Zero);
    }

    private SqliteRunHistoryStore Sqlite(string path) => new(Path.Combine(_directory.FullName, path), TimeSpan.FromSeconds(1));
}
