using ScaleSets.Control;

namespace ScaleSets.Tests.Control;

[TestFixture]
public sealed class FileControllerStateStoreTests
{
    private string _directory = "";

    [SetUp]
    public void SetUp() => _directory = Path.Combine(Path.GetTempPath(), "scalesets-state-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void TearDown()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Test]
    public async Task SaveThenLoad_InANewStore_RoundTrips()
    {
        var state = new ControllerState("v2", true, 3, ["web_7", "web_9"]);
        await new FileControllerStateStore(_directory).SaveAsync("web", state, CancellationToken.None);

        var loaded = await new FileControllerStateStore(_directory).LoadAsync("web", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(loaded!.StoppedUpgradeVersion, Is.EqualTo("v2"));
            Assert.That(loaded.RepairsSuspended, Is.True);
            Assert.That(loaded.ConsecutiveRepairFailures, Is.EqualTo(3));
            Assert.That(loaded.RepairPendingInstanceIds, Is.EqualTo(new[] { "web_7", "web_9" }));
            Assert.That(Directory.GetFiles(_directory), Has.Length.EqualTo(1), "no temporary file is left behind");
        });
    }

    [Test]
    public async Task Load_NothingSaved_ReturnsNull() =>
        Assert.That(await new FileControllerStateStore(_directory).LoadAsync("web", CancellationToken.None), Is.Null);

    [Test]
    public async Task Load_CorruptFile_MovesItAsideAndNamesBoth()
    {
        var store = new FileControllerStateStore(_directory);
        Directory.CreateDirectory(_directory);
        await File.WriteAllTextAsync(store.PathOf("web"), "{ not json");

        var error = Assert.ThrowsAsync<ControllerStateUnreadableException>(() => store.LoadAsync("web", CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Location, Is.EqualTo(store.PathOf("web")));
            Assert.That(error.Message, Does.Contain("web.controller-state.json").And.Contain("a copy is kept at " + error.Copy));
            Assert.That(File.ReadAllText(error.Copy!), Is.EqualTo("{ not json"));
            Assert.That(File.Exists(store.PathOf("web")), Is.False, "out of the next controller's way");
        });
    }

    [TestCase("../escape")]
    [TestCase("a/b")]
    [TestCase("..")]
    [TestCase("web;rm")]
    public void PathOf_NameThatCouldLeaveTheFolder_IsRefused(string name) =>
        Assert.That(() => new FileControllerStateStore(_directory).PathOf(name), Throws.ArgumentException);

    [Test]
    public async Task SaveThenLoad_RemovalsUnderWay_RoundTrip()
    {
        var drain = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.FromHours(1));
        var state = new ControllerState(null, false, 0, [])
        {
            Removals = [new RemovalProgress("vm-1", drain, drain.AddMinutes(5), false), new RemovalProgress("vm-2", null, null, true)],
        };
        await new FileControllerStateStore(_directory).SaveAsync("web", state, CancellationToken.None);

        var loaded = await new FileControllerStateStore(_directory).LoadAsync("web", CancellationToken.None);

        Assert.That(loaded!.Removals, Is.EqualTo(state.Removals));
        Assert.That(loaded.SameAs(state), Is.True);
    }

    [Test]
    public async Task Load_FileWrittenBeforeRemovalsExisted_LoadsWithNoRemovals()
    {
        var store = new FileControllerStateStore(_directory);
        Directory.CreateDirectory(_directory);
        await File.WriteAllTextAsync(store.PathOf("web"), """
            {
              "StoppedUpgradeVersion": "v3",
              "RepairsSuspended": true,
              "ConsecutiveRepairFailures": 2,
              "RepairPendingInstanceIds": [ "vm-7" ]
            }
            """);

        var loaded = await store.LoadAsync("web", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(loaded!.StoppedUpgradeVersion, Is.EqualTo("v3"));
            Assert.That(loaded.RepairsSuspended, Is.True);
            Assert.That(loaded.ConsecutiveRepairFailures, Is.EqualTo(2));
            Assert.That(loaded.RepairPendingInstanceIds, Is.EqualTo(new[] { "vm-7" }));
            Assert.That(loaded.Removals, Is.Empty);
        });
    }

    [Test]
    public void SameAs_RemovalsDiffer_IsFalse()
    {
        var a = new ControllerState(null, false, 0, []) { Removals = [new RemovalProgress("vm-1", null, null, false)] };
        var b = a with { Removals = [new RemovalProgress("vm-1", null, null, true)] };

        Assert.That(a.SameAs(b), Is.False);
        Assert.That(a.SameAs(a with { Removals = [.. a.Removals] }), Is.True);
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public async Task Save_FailsAtAStep_LeavesTheOldStateOrTheNewAndNoTemporaryFile(int failingStep)
    {
        var store = new FileControllerStateStore(_directory);
        var old = new ControllerState("v1", false, 1, ["web_1"]);
        await store.SaveAsync("web", old, CancellationToken.None);
        var step = (DurableFile.Step)failingStep;
        store.SaveHook = s =>
        {
            if (s == step)
            {
                throw new IOException($"power cut after {s}");
            }
        };

        Assert.ThrowsAsync<IOException>(() => store.SaveAsync("web", new ControllerState("v2", true, 2, ["web_2"]), CancellationToken.None));

        store.SaveHook = null;
        var loaded = await new FileControllerStateStore(_directory).LoadAsync("web", CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(loaded!.StoppedUpgradeVersion, Is.EqualTo(step == DurableFile.Step.Renamed ? "v2" : "v1"));
            Assert.That(Directory.GetFiles(_directory, "*.tmp"), Is.Empty);
        });
    }

    [Test]
    public async Task Save_Cancelled_LeavesNoTemporaryFile()
    {
        var store = new FileControllerStateStore(_directory);
        using var cancel = new CancellationTokenSource();
        store.SaveHook = s =>
        {
            if (s == DurableFile.Step.Created)
            {
                cancel.Cancel();
            }
        };
        var big = new ControllerState(null, false, 0, [.. Enumerable.Range(0, 50_000).Select(i => "web_" + i)]);

        Assert.That(() => store.SaveAsync("web", big, cancel.Token), Throws.InstanceOf<OperationCanceledException>());

        Assert.That(Directory.GetFiles(_directory), Is.Empty, "neither a state nor a temporary file");
    }

    [Test]
    public async Task Load_TemporaryFilesOfAKilledSave_AreRemoved()
    {
        var store = new FileControllerStateStore(_directory);
        await store.SaveAsync("web", new ControllerState("v1", false, 0, []), CancellationToken.None);
        var stale = store.PathOf("web") + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await File.WriteAllTextAsync(stale, "{ \"Stopped");
        var other = store.PathOf("api") + ".0123.tmp";
        await File.WriteAllTextAsync(other, "another set's");

        var loaded = await store.LoadAsync("web", CancellationToken.None);

        Assert.That(loaded!.StoppedUpgradeVersion, Is.EqualTo("v1"));
        Assert.That(File.Exists(stale), Is.False);
        Assert.That(File.Exists(other), Is.True, "another set's files are not touched");
    }

    [Test]
    public async Task Load_FileTruncatedAtEveryOffset_ReturnsAStateOrRecoversWithACopy()
    {
        var store = new FileControllerStateStore(_directory);
        var drain = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
        var state = new ControllerState("v2", true, 3, ["web_7", "web_9"])
        {
            Removals = [new RemovalProgress("web_3", drain, drain.AddMinutes(5), false)],
            Unhealthy = [new UnhealthyInstance("web_7", drain)],
        };
        await store.SaveAsync("web", state, CancellationToken.None);
        var full = await File.ReadAllBytesAsync(store.PathOf("web"));

        for (var length = 0; length <= full.Length; length++)
        {
            await File.WriteAllBytesAsync(store.PathOf("web"), full[..length]);
            try
            {
                var loaded = await store.LoadAsync("web", CancellationToken.None);
                Assert.That(loaded!.SameAs(state), Is.True, $"only the whole file (or one missing trailing white space) reads as a state; cut at {length}");
            }
            catch (ControllerStateUnreadableException unreadable)
            {
                Assert.That(File.ReadAllBytes(unreadable.Copy!), Is.EqualTo(full[..length]));
                File.Delete(unreadable.Copy!);
                Assert.That(await store.LoadAsync("web", CancellationToken.None), Is.Null, "the next load starts afresh, without throwing again");
            }
        }
    }

    [Test]
    public async Task Acquire_SecondHolderWhileTheFirstRenews_IsRefusedNamingTheFirst()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
        var a = new FileControllerStateStore(_directory, time) { LeaseDuration = TimeSpan.FromMinutes(1) };
        var b = new FileControllerStateStore(_directory, time) { LeaseDuration = TimeSpan.FromMinutes(1) };

        var first = await a.AcquireAsync("web", "host-a/1", CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(40));
        var refused = await b.AcquireAsync("web", "host-b/2", CancellationToken.None);
        var renewed = await a.AcquireAsync("web", "host-a/1", CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(40));
        var stillRefused = await b.AcquireAsync("web", "host-b/2", CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(21));
        var takenOver = await b.AcquireAsync("web", "host-b/2", CancellationToken.None);
        var lost = await a.AcquireAsync("web", "host-a/1", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(first.Acquired, Is.True);
            Assert.That(refused, Is.EqualTo(new ControllerLease(false, "host-a/1", first.ExpiresAt)));
            Assert.That(renewed.Acquired && renewed.ExpiresAt > first.ExpiresAt, Is.True, "the holder renews");
            Assert.That(stillRefused.Acquired, Is.False, "the renewed lease holds past the first expiry");
            Assert.That(takenOver.Acquired, Is.True, "once the holder stops renewing, the lease expires and another takes it");
            Assert.That(lost, Is.EqualTo(new ControllerLease(false, "host-b/2", takenOver.ExpiresAt)));
        });
    }

    [Test]
    public async Task Release_ByTheHolder_LetsAnotherTakeItAtOnce()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
        var store = new FileControllerStateStore(_directory, time);
        await store.AcquireAsync("web", "a", CancellationToken.None);

        await store.ReleaseAsync("web", "b", CancellationToken.None);
        var notReleased = await store.AcquireAsync("web", "b", CancellationToken.None);
        await store.ReleaseAsync("web", "a", CancellationToken.None);
        var taken = await store.AcquireAsync("web", "b", CancellationToken.None);

        Assert.That(notReleased.Acquired, Is.False, "only the holder releases");
        Assert.That(taken.Acquired, Is.True);
    }

    [TestCase("")]
    [TestCase("{ \"Holder\": ")]
    [TestCase("{ \"Holder\": \"\" }")]
    public async Task Acquire_LeaseFileUnreadable_IsTaken(string content)
    {
        var store = new FileControllerStateStore(_directory);
        Directory.CreateDirectory(_directory);
        await File.WriteAllTextAsync(store.LeasePathOf("web"), content);

        var lease = await store.AcquireAsync("web", "me", CancellationToken.None);

        Assert.That(lease.Acquired, Is.True);
        Assert.That(store.LeasePathOf("web"), Does.EndWith("web.controller-lease.json"));
    }
}
