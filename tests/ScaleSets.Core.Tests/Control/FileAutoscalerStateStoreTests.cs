using System.Reactive.Concurrency;
using ScaleSets.Control;
using ScaleSets.Engine;
using ScaleSets.Metrics;
using ScaleSets.State;
using static ScaleSets.Tests.Policy.Profiles;

namespace ScaleSets.Tests.Control;

[TestFixture]
public sealed class FileAutoscalerStateStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private string _directory = "";

    [SetUp]
    public void SetUp() => _directory = Path.Combine(Path.GetTempPath(), "scalesets-autoscaler-state-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void TearDown()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Test]
    public async Task SaveThenLoad_InANewStore_RoundTripsEverySection()
    {
        var snapshot = LiveSnapshot();
        var tag = await new FileAutoscalerStateStore(_directory).SaveAsync("web", snapshot, null, CancellationToken.None);

        var loaded = await new FileAutoscalerStateStore(_directory).LoadAsync("web", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(loaded!.ETag, Is.EqualTo(tag));
            Assert.That(loaded.Snapshot.Version, Is.EqualTo(AutoscalerSnapshot.CurrentVersion));
            Assert.That(loaded.Snapshot.Capacity, Is.EqualTo(snapshot.Capacity));
            Assert.That(loaded.Snapshot.CooldownUntil, Is.EqualTo(snapshot.CooldownUntil).And.Not.Null);
            Assert.That(loaded.Snapshot.ScaleEvents, Is.EqualTo(snapshot.ScaleEvents).And.Not.Empty);
            Assert.That(loaded.Snapshot.Profiles[0].Rules[0].Kind, Is.EqualTo(snapshot.Profiles[0].Rules[0].Kind));
            Assert.That(loaded.Snapshot.Metrics!.Series.Single().Grains, Is.EqualTo(snapshot.Metrics!.Series.Single().Grains).And.Not.Empty);
            Assert.That(Directory.GetFiles(_directory), Has.Length.EqualTo(1), "no temporary file is left behind");
        });
    }

    [Test]
    public async Task Load_NothingSaved_ReturnsNull() =>
        Assert.That(await new FileAutoscalerStateStore(_directory).LoadAsync("web", CancellationToken.None), Is.Null);

    [Test]
    public async Task Load_TruncatedFile_ReportedAndMovedAsideNotLoadedHalfWay()
    {
        var store = new FileAutoscalerStateStore(_directory);
        await store.SaveAsync("web", LiveSnapshot(), null, CancellationToken.None);
        var whole = await File.ReadAllBytesAsync(store.PathOf("web"));
        await File.WriteAllBytesAsync(store.PathOf("web"), whole[..(whole.Length / 2)]);

        var error = Assert.ThrowsAsync<AutoscalerStateUnreadableException>(() => store.LoadAsync("web", CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Location, Is.EqualTo(store.PathOf("web")));
            Assert.That(error.Message, Does.Contain("web.autoscaler-state.json").And.Contain("a copy is kept at " + error.Copy));
            Assert.That(File.ReadAllBytes(error.Copy!), Is.EqualTo(whole[..(whole.Length / 2)]));
            Assert.That(File.Exists(store.PathOf("web")), Is.False, "out of the next autoscaler's way");
        });
    }

    [TestCase("{ not json", "not an autoscaler snapshot")]
    [TestCase("", "the file is empty")]
    [TestCase("\0\0\0\0", "NUL bytes")]
    [TestCase("null", "null instead of an autoscaler snapshot")]
    [TestCase("{\"Version\":1}", "not an autoscaler snapshot")]
    public async Task Load_CorruptedFile_ReportsWhatIsWrong(string content, string problem)
    {
        var store = new FileAutoscalerStateStore(_directory);
        Directory.CreateDirectory(_directory);
        await File.WriteAllTextAsync(store.PathOf("web"), content);

        var error = Assert.ThrowsAsync<AutoscalerStateUnreadableException>(() => store.LoadAsync("web", CancellationToken.None));

        Assert.That(error!.Message, Does.Contain(problem));
    }

    [Test]
    public async Task Load_UnknownVersion_RefusedByNameAndLeftInPlace()
    {
        var store = new FileAutoscalerStateStore(_directory);
        Directory.CreateDirectory(_directory);
        await File.WriteAllTextAsync(store.PathOf("web"), "{\"Version\":99,\"ScaleSet\":\"web\",\"Capacity\":4}");

        var error = Assert.ThrowsAsync<AutoscalerSnapshotVersionException>(() => store.LoadAsync("web", CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Version, Is.EqualTo(99));
            Assert.That(error.Message, Does.Contain("version 99 is not supported").And.Contain("reads version 1"));
            Assert.That(File.Exists(store.PathOf("web")), Is.True, "a newer library can still read it");
        });
    }

    [Test]
    public async Task Save_CrashBeforeTheRename_LeavesTheOldStateWhole()
    {
        var store = new FileAutoscalerStateStore(_directory);
        var old = LiveSnapshot();
        await store.SaveAsync("web", old, null, CancellationToken.None);
        var before = await File.ReadAllBytesAsync(store.PathOf("web"));
        store.SaveHook = step =>
        {
            if (step == DurableFile.Step.Flushed)
            {
                throw new IOException("power cut");
            }
        };

        Assert.ThrowsAsync<IOException>(() => store.SaveAsync("web", old with { Capacity = 9 }, null, CancellationToken.None));

        store.SaveHook = null;
        var loaded = await store.LoadAsync("web", CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllBytes(store.PathOf("web")), Is.EqualTo(before), "the old file is untouched");
            Assert.That(loaded!.Snapshot.Capacity, Is.EqualTo(old.Capacity));
            Assert.That(Directory.GetFiles(_directory), Has.Length.EqualTo(1), "the temporary file is removed");
        });
    }

    [Test]
    public async Task Save_WithAStaleETag_IsRefused()
    {
        var store = new FileAutoscalerStateStore(_directory);
        var first = await store.SaveAsync("web", LiveSnapshot(), null, CancellationToken.None);
        var second = await store.SaveAsync("web", LiveSnapshot() with { Capacity = 5 }, first, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(second, Is.Not.EqualTo(first));
            Assert.ThrowsAsync<AutoscalerStateConflictException>(() => store.SaveAsync("web", LiveSnapshot(), first, CancellationToken.None));
        });
    }

    [Test]
    public async Task AddScaleSetAsync_UnreadableState_ReportedAndTheSetStartsFresh()
    {
        var store = new FileAutoscalerStateStore(_directory);
        Directory.CreateDirectory(_directory);
        await File.WriteAllTextAsync(store.PathOf("web"), "{ \"Version\": 1, \"ScaleSet\": \"web\", \"Capacity\": 4, \"Profi");
        using var engine = new AutoscaleEngine(new HistoricalScheduler(T0));
        var events = new List<AutoscaleEngineEvent>();
        using var subscription = engine.Events.Subscribe(events.Add);

        var set = await engine.AddScaleSetAsync("web", CpuSetting(), 3, store);

        Assert.Multiple(() =>
        {
            Assert.That(set.Capacity, Is.EqualTo(3), "nothing of the broken file was used");
            Assert.That(events.Single().Kind, Is.EqualTo(AutoscaleEngineEventKind.StateUnreadable));
            Assert.That(events.Single().Message, Does.Contain("web.autoscaler-state.json"));
        });
    }

    /// <summary>A snapshot of a set that scaled out once on high CPU, so every section has content.</summary>
    private static AutoscalerSnapshot LiveSnapshot()
    {
        var scheduler = new HistoricalScheduler(T0);
        using var engine = new AutoscaleEngine(scheduler);
        var set = engine.AddScaleSet("web", CpuSetting(), 2);
        for (var minute = 1; minute <= 6; minute++)
        {
            scheduler.AdvanceTo(T0 + TimeSpan.FromMinutes(minute));
            set.Ingest(new MetricSample("Percentage CPU", MetricSourceKind.Host, 90, scheduler.Now - TimeSpan.FromSeconds(30), "vm0"));
            set.Evaluate();
        }

        return set.CaptureState();
    }
}
