using System.Reactive.Concurrency;
using System.Reactive.Linq;
using ScaleSets.Metrics;
using ScaleSets.Orleans.Grains;
using ScaleSets.Orleans.Metrics;

namespace ScaleSets.Orleans.Client;

/// <summary>
/// Forwards a metric source's samples to the grain of the scale set they belong to, in batches (at most
/// <c>maxBatch</c> samples, or what arrived in <c>window</c>), so a source outside the silo costs one grain call per
/// batch, never one per sample.
/// </summary>
public static class MetricBatchForwarder
{
    /// <summary>Forwards <paramref name="source"/> to the grain of <paramref name="scaleSetName"/> until the returned subscription is disposed.</summary>
    /// <param name="grains">The cluster's grain factory (a client's or a silo's).</param>
    /// <param name="scaleSetName">The scale set the samples belong to.</param>
    /// <param name="source">The samples.</param>
    /// <param name="window">The longest a sample waits before its batch is sent.</param>
    /// <param name="maxBatch">The most samples in one batch.</param>
    /// <param name="scheduler">The clock of the window (a virtual-time scheduler in tests).</param>
    /// <param name="onError">Told when sending a batch fails; the batch is dropped (the engine treats missing samples as missing data) and forwarding goes on.</param>
    /// <returns>The subscription.</returns>
    public static IDisposable Forward(
        IGrainFactory grains,
        string scaleSetName,
        IObservable<MetricSample> source,
        TimeSpan window,
        int maxBatch,
        IScheduler scheduler,
        Action<Exception>? onError = null)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentException.ThrowIfNullOrWhiteSpace(scaleSetName);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        var grain = grains.GetGrain<IScaleSetGrain>(scaleSetName);

        // Concat keeps one call in flight at a time, so batches arrive in order.
        return source
            .Buffer(window, maxBatch, scheduler)
            .Where(b => b.Count > 0)
            .Select(b => Observable.FromAsync(async () =>
            {
                try
                {
                    await grain.IngestAsync(new MetricBatch(b)).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // A failed batch is reported and forwarding goes on.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    onError?.Invoke(ex);
                }
            }))
            .Concat()
            .Subscribe();
    }
}
