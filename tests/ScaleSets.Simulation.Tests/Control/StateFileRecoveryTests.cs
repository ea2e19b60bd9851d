using System.Text;
using FsCheck;
using FsCheck.Fluent;
using ScaleSets.Control;

namespace ScaleSets.Simulation.Tests.Control;

/// <summary>A controller whose state file is damaged or hostile keeps managing its set (issue 17, item 4).</summary>
[TestFixture]
public sealed class StateFileRecoveryTests
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

    public static IEnumerable<TestCaseData> Unreadable()
    {
        yield return new TestCaseData(Array.Empty<byte>(), "the file is empty").SetName("Reconcile_StateFileEmpty_ManagesTheSetAndKeepsACopy");
        yield return new TestCaseData(new byte[4096], "only 4096 NUL bytes").SetName("Reconcile_StateFileAllNul_ManagesTheSetAndKeepsACopy");
        yield return new TestCaseData(Encoding.UTF8.GetBytes("{\n  \"StoppedUpgradeVersion\": \"v"), "not a controller state").SetName("Reconcile_StateFileTruncated_ManagesTheSetAndKeepsACopy");
        yield return new TestCaseData(Encoding.UTF8.GetBytes("null"), "null instead of a controller state").SetName("Reconcile_StateFileNull_ManagesTheSetAndKeepsACopy");
        yield return new TestCaseData(Encoding.UTF8.GetBytes("[1, 2]"), "not a controller state").SetName("Reconcile_StateFileArray_ManagesTheSetAndKeepsACopy");
    }

    [TestCaseSource(nameof(Unreadable))]
    public async Task Reconcile_StateFileUnreadable_ManagesTheSetReportsTheFileAndKeepsACopy(byte[] content, string problem)
    {
        using var h = WithFileStore(out var store);
        Directory.CreateDirectory(_directory);
        await File.WriteAllBytesAsync(store.PathOf("web"), content);
        h.Controller.SetDesiredCapacity(3, null);

        var result = await h.SettleAsync();

        var error = h.Events.FirstOrDefault(e => e.Kind == ControllerEventKind.Error);
        var copies = Directory.GetFiles(_directory, "web.controller-state.json.unreadable-*");
        Assert.Multiple(() =>
        {
            Assert.That(result.Converged, Is.True);
            Assert.That(h.Instances, Has.Count.EqualTo(3), "the set is managed from what the provider reports");
            Assert.That(error?.Message, Does.Contain(store.PathOf("web")).And.Contain(problem).And.Contain("a copy is kept at"));
            Assert.That(copies, Has.Length.EqualTo(1));
            Assert.That(File.ReadAllBytes(copies[0]), Is.EqualTo(content), "the copy holds what was there");
            Assert.That(h.Events.Count(e => e.Kind == ControllerEventKind.Error), Is.EqualTo(1), "reported once, not every pass");
        });
        Assert.That(await store.LoadAsync("web", CancellationToken.None), Is.Not.Null, "a readable state is written again");
    }

    [TestCase("{}")]
    [TestCase("{\"RepairPendingInstanceIds\": null, \"Removals\": null, \"Unhealthy\": null}")]
    [TestCase("{\"RepairPendingInstanceIds\": [null, \"\"], \"Removals\": [null, {\"InstanceId\": null}], \"Unhealthy\": [null, {\"InstanceId\": \"web_0\"}], \"ConsecutiveRepairFailures\": -5}")]
    public async Task Reconcile_StateFieldsMissingOrNull_ManagesTheSetAndSavesAgain(string json)
    {
        using var h = WithFileStore(out var store);
        Directory.CreateDirectory(_directory);
        await File.WriteAllTextAsync(store.PathOf("web"), json);
        h.Controller.SetDesiredCapacity(3, null);

        var result = await h.SettleAsync();

        var saved = await store.LoadAsync("web", CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(result.Converged, Is.True);
            Assert.That(h.Instances, Has.Count.EqualTo(3));
            Assert.That(h.Events.Where(e => e.Kind == ControllerEventKind.Error).Select(e => e.Message), Is.Not.Empty.And.All.Contain("the saved controller state was not usable as it was"));
            Assert.That(saved!.RepairPendingInstanceIds, Is.Not.Null);
            Assert.That(saved.ConsecutiveRepairFailures, Is.Zero);
        });
    }

    /// <summary>
    /// A controller killed at a random point of a save leaves whatever a crash can leave (the file cut at any offset, its
    /// bytes turned to NULs by a power cut, a temporary file of a write never renamed); the next controller started on
    /// the folder recovers: it manages the set to its desired capacity, writes a readable state again and tidies up.
    /// </summary>
    [Test]
    public void Reconcile_ControllerKilledDuringASave_NextStartRecovers()
    {
        var damage = from desired in Gen.Choose(1, 4)
                     from passes in Gen.Choose(1, 8)
                     from kind in Gen.Choose(0, 3)
                     from cut in Gen.Choose(0, 1000)
                     select (Desired: desired, Passes: passes, Kind: kind, Cut: cut / 1000.0);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(12).WithQuietOnSuccess(true), Prop.ForAll(damage.ToArbitrary(), d =>
        {
            var directory = Path.Combine(_directory, Guid.NewGuid().ToString("N"));
            using var h = new ControllerHarness(o => o.AutomaticRepairs.GracePeriod = TimeSpan.FromMinutes(30));
            var store = new FileControllerStateStore(directory, h.Time);
            h.StateStore = store;
            h.Restart();
            h.Controller.SetDesiredCapacity(d.Desired, null);
            for (var i = 0; i < d.Passes; i++)
            {
                h.PassAsync().GetAwaiter().GetResult();
                h.Time.Advance(TimeSpan.FromSeconds(15));
            }

            h.Cloud.Crash(h.Instances[0].Id);
            h.PassAsync().GetAwaiter().GetResult();
            var path = store.PathOf("web");
            var saved = File.ReadAllBytes(path);
            switch (d.Kind)
            {
                case 0:
                    File.WriteAllBytes(path, saved[..(int)(saved.Length * d.Cut)]);
                    break;
                case 1:
                    File.WriteAllBytes(path, new byte[saved.Length]);
                    break;
                case 2:
                    File.WriteAllBytes(path + "." + Guid.NewGuid().ToString("N") + ".tmp", saved[..(int)(saved.Length * d.Cut)]);
                    break;
                default:
                    File.WriteAllBytes(path, [.. saved[..(int)(saved.Length * d.Cut)], .. new byte[(int)(saved.Length * (1 - d.Cut))]]);
                    break;
            }

            h.Events.Clear();
            var next = new FileControllerStateStore(directory, h.Time);
            h.StateStore = next;
            h.Restart();
            h.Controller.SetDesiredCapacity(d.Desired, null);
            var result = h.SettleAsync().GetAwaiter().GetResult();

            var recovered = result.Converged
                && h.Instances.Count == d.Desired
                && next.LoadAsync("web", CancellationToken.None).GetAwaiter().GetResult() is not null
                && Directory.GetFiles(directory, "*.tmp").Length == 0
                && h.Events.Count(e => e.Kind == ControllerEventKind.Error && e.Message.Contains(path, StringComparison.Ordinal)) <= 1;
            return recovered;
        }));
    }

    private ControllerHarness WithFileStore(out FileControllerStateStore store)
    {
        var h = new ControllerHarness();
        store = new FileControllerStateStore(_directory, h.Time);
        h.StateStore = store;
        h.Restart();
        return h;
    }
}
