using System.Text;
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

    private ControllerHarness WithFileStore(out FileControllerStateStore store)
    {
        var h = new ControllerHarness();
        store = new FileControllerStateStore(_directory, h.Time);
        h.StateStore = store;
        h.Restart();
        return h;
    }
}
