using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using ScaleSets.Control;
using ScaleSets.Engine;
using ScaleSets.Hosting;
using ScaleSets.Metrics;
using ScaleSets.State;

namespace ScaleSets.Extensions.Tests.Hosting;

[TestFixture]
public sealed class AutoscalerStateHostingTests
{
    private static readonly JsonSerializerOptions JsonOptions = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };
    private string _directory = "";

    [SetUp]
    public void SetUp() => _directory = Path.Combine(Path.GetTempPath(), "scalesets-hosted-state-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void TearDown()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Test]
    public async Task UseAutoscalerStateFile_HostRestarts_TheSecondHostResumesFromTheFirstOnesState()
    {
        long sequence;
        using (var first = new HostFixture(HostFixture.ValidJson, configureScaleSet: web => web.UseAutoscalerStateFile(_directory)))
        {
            await first.Host.StartAsync();
            await first.RunAsync(4, _ => 100);
            var set = Set(first);
            await set.SaveStateAsync();
            sequence = set.CaptureState().Sequence;
            await first.Host.StopAsync();
        }

        var saved = await new FileAutoscalerStateStore(_directory).LoadAsync("web", CancellationToken.None);
        using var second = new HostFixture(HostFixture.ValidJson, configureScaleSet: web => web.UseAutoscalerStateFile(_directory));
        await second.Host.StartAsync();
        var resumed = Set(second).CaptureState();
        await second.Host.StopAsync();

        Assert.Multiple(() =>
        {
            Assert.That(sequence, Is.GreaterThan(0));
            Assert.That(saved!.Snapshot.Sequence, Is.EqualTo(sequence), "the first host's last state is on disk");
            Assert.That(resumed.Sequence, Is.GreaterThanOrEqualTo(sequence), "the second host went on counting from it");
            Assert.That(resumed.CooldownUntil, Is.EqualTo(saved.Snapshot.CooldownUntil), "the cooldown of the first host's last action still holds");
            Assert.That(resumed.Metrics!.Series.SelectMany(s => s.Grains), Is.SupersetOf(saved.Snapshot.Metrics!.Series.SelectMany(s => s.Grains).Where(g => g.Index >= resumed.Metrics.Series.SelectMany(s => s.Grains).Min(x => x.Index))), "the metric windows came back");
        });
    }

    [Test]
    public async Task StopAsync_SamplesIngestedAfterTheLastEvaluation_AreInTheStateSavedOnStop()
    {
        using var host = new HostFixture(HostFixture.ValidJson, configureScaleSet: web => web.UseAutoscalerStateFile(_directory));
        await host.Host.StartAsync();
        await host.RunAsync(20, _ => 100);
        var set = Set(host);
        await set.SaveStateAsync();

        // Samples and a capacity report after the last save, with no evaluation after them: only the stop path saves them.
        foreach (var instance in host.ReadyInstances())
        {
            host.Cpu.OnNext(new MetricSample("Percentage CPU", MetricSourceKind.Host, 7, host.Time.GetUtcNow(), instance));
        }

        set.ReportCapacity(set.Capacity + 1);

        var beforeStop = await new FileAutoscalerStateStore(_directory).LoadAsync("web", CancellationToken.None);
        var expected = Json(set.CaptureState());
        await host.Host.StopAsync();
        var afterStop = await new FileAutoscalerStateStore(_directory).LoadAsync("web", CancellationToken.None);

        Assert.That(Json(beforeStop!.Snapshot), Is.Not.EqualTo(expected), "the new samples and capacity were not saved before the stop");
        Assert.That(Json(afterStop!.Snapshot), Is.EqualTo(expected), "the stop saved the state as it was when the host stopped");
        Assert.That(afterStop.Snapshot.Capacity, Is.EqualTo(beforeStop.Snapshot.Capacity + 1));
    }

    [Test]
    public async Task StopAsync_StoreFailsOnStop_HostStillStopsAndRemovesTheSet()
    {
        var store = new FailingOnDemandStore(new FileAutoscalerStateStore(_directory));
        using var host = new HostFixture(HostFixture.ValidJson, configureScaleSet: web => web.UseAutoscalerStateStore(_ => store));
        await host.Host.StartAsync();
        await host.RunAsync(2, _ => 100);
        store.Fail = true;

        await host.Host.StopAsync();

        Assert.That(store.FailedSaves, Is.GreaterThan(0), "the stop tried to save");
        Assert.That(host.Host.Services.GetRequiredService<ScaleSetsRuntime>().Engine.TryGetScaleSet("web", out _), Is.False, "the set was removed all the same");
    }

    private static string Json(AutoscalerSnapshot snapshot) => JsonSerializer.Serialize(snapshot, JsonOptions);

    private static ScaleSetAutoscaler Set(HostFixture fixture)
    {
        Assert.That(fixture.Host.Services.GetRequiredService<ScaleSetsRuntime>().Engine.TryGetScaleSet("web", out var set), Is.True);
        return set!;
    }

    /// <summary>The file store, whose saves fail once <see cref="Fail"/> is set (a database gone at shutdown).</summary>
    private sealed class FailingOnDemandStore(IAutoscalerStateStore inner) : IAutoscalerStateStore
    {
        private int _failedSaves;

        public volatile bool Fail;

        public int FailedSaves => Volatile.Read(ref _failedSaves);

        public Task<StoredAutoscalerState?> LoadAsync(string scaleSetName, CancellationToken cancellationToken) => inner.LoadAsync(scaleSetName, cancellationToken);

        public Task<string> SaveAsync(string scaleSetName, AutoscalerSnapshot snapshot, string? expectedETag, CancellationToken cancellationToken)
        {
            if (!Fail)
            {
                return inner.SaveAsync(scaleSetName, snapshot, expectedETag, cancellationToken);
            }

            Interlocked.Increment(ref _failedSaves);
            return Task.FromException<string>(new IOException("the store is gone"));
        }
    }
}
