using System.Reactive.Disposables;
using System.Reactive.Linq;
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
    private readonly Dictionary<string, DateTimeOffset> _lastEvaluation = new(StringComparer.Ordinal);
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
        if (history.Options.EvaluationInterval > TimeSpan.Zero)
        {
            _subscriptions.Add(runtime.HistoryPoints.Synchronize().Subscribe(RecordEvaluation));
        }

        return Task.CompletedTask;
    }

    /// <summary>Keeps one evaluation per set every <see cref="RunHistoryOptions.EvaluationInterval"/> (points come one at a time, from the engine).</summary>
    private void RecordEvaluation((string ScaleSet, ScaleSetHistoryPoint Point) item)
    {
        var (set, point) = item;
        if (_lastEvaluation.TryGetValue(set, out var last) && point.Time - last < history.Options.EvaluationInterval && point.Time >= last)
        {
            return;
        }

        _lastEvaluation[set] = point.Time;
        history.Record(new RunHistoryEvaluation(set, point.Time, point.Capacity, point.Instances, point.InService, point.Rules, point.Observed));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _subscriptions?.Dispose();
        _subscriptions = null;
        await history.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _subscriptions?.Dispose();
}
