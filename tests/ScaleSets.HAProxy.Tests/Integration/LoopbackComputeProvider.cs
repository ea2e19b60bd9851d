using System.Collections.Concurrent;
using ScaleSets.Abstractions;

namespace ScaleSets.HAProxy.Tests.Integration;

/// <summary>
/// The simulated cloud's compute provider with each booted instance backed by a real HTTP server on loopback: the instance's
/// address becomes that server's <c>127.0.0.1:port</c>, and deleting the instance stops its server, so anything HAProxy still
/// sent there would fail the client.
/// </summary>
internal sealed class LoopbackComputeProvider(IComputeProvider inner) : IComputeProvider, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, TestHttpBackend> _backends = new(StringComparer.Ordinal);

    public IReadOnlyCollection<TestHttpBackend> Backends => [.. _backends.Values];

    public async Task<BatchResult> CreateInstancesAsync(IReadOnlyList<InstanceCreateRequest> requests, CancellationToken cancellationToken) =>
        Map(await inner.CreateInstancesAsync(requests, cancellationToken));

    public async Task<IReadOnlyList<InstanceInfo>> ListInstancesAsync(string scaleSetName, CancellationToken cancellationToken) =>
        [.. (await inner.ListInstancesAsync(scaleSetName, cancellationToken)).Select(Map)];

    public async Task<BatchResult> StartInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) =>
        Map(await inner.StartInstancesAsync(scaleSetName, instanceIds, cancellationToken));

    public async Task<BatchResult> StopInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) =>
        Map(await inner.StopInstancesAsync(scaleSetName, instanceIds, cancellationToken));

    public async Task<BatchResult> RestartInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) =>
        Map(await inner.RestartInstancesAsync(scaleSetName, instanceIds, cancellationToken));

    public async Task<BatchResult> ReimageInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, ScaleSetModel model, CancellationToken cancellationToken) =>
        Map(await inner.ReimageInstancesAsync(scaleSetName, instanceIds, model, cancellationToken));

    public async Task<BatchResult> DeleteInstancesAsync(string scaleSetName, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken)
    {
        var result = await inner.DeleteInstancesAsync(scaleSetName, instanceIds, cancellationToken);
        foreach (var item in result.Items)
        {
            if (item.Succeeded && _backends.TryRemove(item.Key, out var backend))
            {
                await backend.DisposeAsync();
            }
        }

        return result;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var backend in _backends.Values)
        {
            await backend.DisposeAsync();
        }

        _backends.Clear();
    }

    private BatchResult Map(BatchResult result) =>
        new([.. result.Items.Select(i => i.Instance is null ? i : i with { Instance = Map(i.Instance) })]);

    private InstanceInfo Map(InstanceInfo info) =>
        info.Address is null ? info : info with { Address = _backends.GetOrAdd(info.Id, _ => new TestHttpBackend(info.Name)).Address };
}
