using Microsoft.Extensions.DependencyInjection;
using ScaleSets.Control;
using ScaleSets.Engine;
using ScaleSets.Hosting;

namespace ScaleSets.Extensions.Tests.Hosting;

[TestFixture]
public sealed class AutoscalerStateHostingTests
{
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

    private static ScaleSetAutoscaler Set(HostFixture fixture)
    {
        Assert.That(fixture.Host.Services.GetRequiredService<ScaleSetsRuntime>().Engine.TryGetScaleSet("web", out var set), Is.True);
        return set!;
    }
}
