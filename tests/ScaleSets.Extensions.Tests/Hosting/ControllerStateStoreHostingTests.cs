using ScaleSets.Control;

namespace ScaleSets.Extensions.Tests.Hosting;

[TestFixture]
public sealed class ControllerStateStoreHostingTests
{
    [Test]
    public async Task UseControllerStateStore_HostStarts_TheControllerLoadsItsStateFromTheStore()
    {
        var store = new RecordingStore();
        using var fixture = new HostFixture(HostFixture.ValidJson, configureScaleSet: web => web.UseControllerStateStore(_ => store));
        await fixture.Host.StartAsync();

        await fixture.RunAsync(4, _ => 100);
        await fixture.Host.StopAsync();

        Assert.That(store.Loads, Does.Contain("web"), "the controller built by the host was given the store");
    }

    private sealed class RecordingStore : IControllerStateStore
    {
        public List<string> Loads { get; } = [];

        public Task<ControllerState?> LoadAsync(string scaleSetName, CancellationToken cancellationToken)
        {
            lock (Loads)
            {
                Loads.Add(scaleSetName);
            }

            return Task.FromResult<ControllerState?>(null);
        }

        public Task SaveAsync(string scaleSetName, ControllerState state, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
