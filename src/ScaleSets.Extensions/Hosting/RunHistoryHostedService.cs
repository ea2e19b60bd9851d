using System.Reactive.Disposables;
using Microsoft.Extensions.Hosting;
using ScaleSets.History;

namespace ScaleSets.Hosting;

/// <summary>
/// Keeps the run history with the host: starts its writer, subscribes it to every decision and controller event of the
/// runtime, and on stop unsubscribes and writes what is still queued. Registered before <see cref="ScaleSetsHostedService"/>,
/// so it records from the first event and stops after the scale sets.
/// </summary>
internal sealed class RunHistoryHostedService(RunHistory history, ScaleSetsRuntime runtime) : IHostedService, IDisposable
{
    private CompositeDisposable? _subscriptions;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!history.IsEnabled)
        {
            return Task.CompletedTask;
        }

        history.Start();
        _subscriptions = new CompositeDisposable(
            runtime.Decisions.Subscribe(history.Record),
            runtime.ControllerEvents.Subscribe(history.Record));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _subscriptions?.Dispose();
        _subscriptions = null;
        await history.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _subscriptions?.Dispose();
}
