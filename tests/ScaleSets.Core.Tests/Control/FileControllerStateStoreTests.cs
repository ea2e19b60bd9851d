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
    public async Task Load_CorruptFile_NamesTheFile()
    {
        var store = new FileControllerStateStore(_directory);
        Directory.CreateDirectory(_directory);
        await File.WriteAllTextAsync(store.PathOf("web"), "{ not json");

        var error = Assert.ThrowsAsync<InvalidDataException>(() => store.LoadAsync("web", CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("web.controller-state.json").And.Contain("fix or delete"));
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
}
