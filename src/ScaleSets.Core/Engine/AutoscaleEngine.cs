using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using ScaleSets.Metrics;
using ScaleSets.Model;
using ScaleSets.Policy;
using ScaleSets.Prediction;

namespace ScaleSets.Engine;

/// <summary>
/// The reactive autoscale engine. It runs any number of scale sets side by side, each with its own setting and metric
/// sources, evaluates them all on one clock every <see cref="AutoscaleEngineOptions.EvaluationInterval"/>, and emits
/// explained decisions. All time comes from the <see cref="IScheduler"/> it is given, so a virtual-time scheduler
/// replays hours of metrics in milliseconds.
/// </summary>
/// <remarks>
/// Threading: every member may be called from any thread. Observers of the engine's observables are called one item at a
/// time and never while the engine or a scale set holds its lock; an observer that throws is reported as an
/// <see cref="AutoscaleEngineEventKind.ObserverFailed"/> event and changes nothing else. The package's README
/// ("Threading") has the whole contract.
/// </remarks>
public sealed partial class AutoscaleEngine : IDisposable
{
    private readonly IScheduler _scheduler;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ScaleSetAutoscaler> _sets = new(StringComparer.Ordinal);
    private readonly EngineStream<ScaleDecision> _decisions;
    private readonly EngineStream<ScaleDecision> _evaluations;
    private readonly EngineStream<AutoscaleEngineEvent> _events;
    private readonly EngineStream<EvaluationTiming> _timings;
    private readonly EngineStream<ForecastOutcome> _forecasts;
    private readonly SerialDisposable _timer = new();
    private ScaleSetAutoscaler[] _snapshot = [];
    private long _lastPeriodicTicks = long.MinValue;
    private bool _disposed;

    /// <summary>Creates an engine.</summary>
    /// <param name="scheduler">The clock and timer of the engine: <see cref="Scheduler.Default"/> in production, a virtual-time scheduler in tests and replays.</param>
    /// <param name="options">The engine options; <see langword="null"/> for the defaults.</param>
    public AutoscaleEngine(IScheduler scheduler, AutoscaleEngineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        _scheduler = scheduler;
        _decisions = new(nameof(Decisions), static d => d.ScaleSet, ReportObserverFailure);
        _evaluations = new(nameof(Evaluations), static d => d.ScaleSet, ReportObserverFailure);
        _events = new(nameof(Events), static e => e.ScaleSet, ReportObserverFailure, static e => e.Kind == AutoscaleEngineEventKind.ObserverFailed);
        _timings = new(nameof(EvaluationTimings), static t => t.ScaleSet, ReportObserverFailure);
        _forecasts = new(nameof(ForecastOutcomes), static f => f.ScaleSet, ReportObserverFailure);
        Options = options ?? new AutoscaleEngineOptions();
        var problems = Options.Validate(nameof(AutoscaleEngineOptions));
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid engine options: " + string.Join(" ", problems), nameof(options));
        }
    }

    /// <summary>Gets the engine options.</summary>
    public AutoscaleEngineOptions Options { get; }

    /// <summary>Gets the decisions of every scale set: each action and each change that was wanted but refused (a profile limit is not a refusal, see <see cref="ScaleDecision.IsReported"/>), fully explained.</summary>
    public IObservable<ScaleDecision> Decisions => _decisions;

    /// <summary>Gets every evaluation of every scale set, including those that change nothing (for explain modes and dashboards).</summary>
    public IObservable<ScaleDecision> Evaluations => _evaluations;

    /// <summary>Gets the engine's other events: rejected samples, faulted or completed sources, failed evaluations, failed observers.</summary>
    public IObservable<AutoscaleEngineEvent> Events => _events;

    /// <summary>
    /// Gets how long each periodic or <see cref="EvaluateAll"/> evaluation of each scale set took, measured with the
    /// scheduler's stopwatch (<see cref="Scheduler.StartStopwatch"/>), so a virtual-time scheduler measures virtual time.
    /// Nothing is measured while nobody observes it.
    /// </summary>
    public IObservable<EvaluationTiming> EvaluationTimings => _timings;

    /// <summary>
    /// Gets each predictive policy's forecast for a completed grain against the value observed, as evaluations feed the
    /// grains to the policy; nothing is emitted while nobody observes it.
    /// </summary>
    public IObservable<ForecastOutcome> ForecastOutcomes => _forecasts;

    /// <summary>Gets the scale sets, in the order they were added.</summary>
    public IReadOnlyList<ScaleSetAutoscaler> ScaleSets => Volatile.Read(ref _snapshot);

    internal DateTimeOffset Now => _scheduler.Now;

    internal IScheduler Scheduler => _scheduler;

    /// <summary>Gets whether the calling thread holds the engine's lock (tests check that no observer runs under it).</summary>
    internal bool HoldsLock => _gate.IsHeldByCurrentThread;

    internal bool HasEventObservers => _events.HasObservers;

    internal bool HasForecastObservers => _forecasts.HasObservers;

    /// <summary>Adds a scale set.</summary>
    /// <param name="name">A unique name.</param>
    /// <param name="setting">Its autoscale setting; validated.</param>
    /// <param name="initialCapacity">Its capacity now.</param>
    /// <param name="sources">Its metric sources, if any yet (more can be added with <see cref="ScaleSetAutoscaler.AddSource"/>).</param>
    /// <returns>The scale set's autoscaler.</returns>
    /// <remarks>
    /// All or nothing: the set is registered only once every source is subscribed. When a source's <c>Subscribe</c>
    /// throws, the sources already subscribed are unsubscribed, the set is not added, and an
    /// <see cref="InvalidOperationException"/> naming the set and the source's position is thrown with the source's
    /// exception inside; the same name can then be added again.
    /// </remarks>
    /// <exception cref="Configuration.AutoscaleSettingException">The setting is invalid; every problem is listed.</exception>
    /// <exception cref="ArgumentException">A scale set of this name exists.</exception>
    /// <exception cref="InvalidOperationException">A source could not be subscribed; nothing was added.</exception>
    public ScaleSetAutoscaler AddScaleSet(string name, AutoscaleSetting setting, int initialCapacity, IEnumerable<IObservable<MetricSample>>? sources = null) =>
        AddScaleSet(name, setting, initialCapacity, sources, prepare: null);

    /// <summary>Adds a scale set as <see cref="AddScaleSet(string, AutoscaleSetting, int, IEnumerable{IObservable{MetricSample}}?)"/>, calling <paramref name="prepare"/> before its sources are subscribed and it is registered.</summary>
    internal ScaleSetAutoscaler AddScaleSet(string name, AutoscaleSetting setting, int initialCapacity, IEnumerable<IObservable<MetricSample>>? sources, Action<ScaleSetAutoscaler>? prepare)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(setting);
        ArgumentOutOfRangeException.ThrowIfNegative(initialCapacity);
        ThrowIfExists(name);
        var set = new ScaleSetAutoscaler(this, name, setting, initialCapacity);
        try
        {
            prepare?.Invoke(set);
            var position = 0;
            foreach (var source in sources ?? [])
            {
                try
                {
                    set.AddSource(source);
                }
                catch (Exception ex) when (ex is not ArgumentNullException)
                {
                    throw new InvalidOperationException($"Scale set '{name}' was not added: its metric source {position} (0-based, in the order given) failed to subscribe: {ex.Message}", ex);
                }

                position++;
            }

            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (!_sets.TryAdd(name, set))
                {
                    throw Exists(name);
                }

                _snapshot = [.. _snapshot, set];
            }
        }
        catch
        {
            set.Dispose();
            throw;
        }

        return set;
    }

    private void ThrowIfExists(string name)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_sets.ContainsKey(name))
            {
                throw Exists(name);
            }
        }
    }

    private static ArgumentException Exists(string name) => new($"A scale set named '{name}' already exists.", nameof(name));

    /// <summary>Finds a scale set by name.</summary>
    /// <param name="name">The name.</param>
    /// <param name="scaleSet">The scale set, when found.</param>
    /// <returns>Whether it was found.</returns>
    public bool TryGetScaleSet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ScaleSetAutoscaler? scaleSet)
    {
        lock (_gate)
        {
            return _sets.TryGetValue(name, out scaleSet);
        }
    }

    /// <summary>Removes a scale set and stops ingesting its sources.</summary>
    /// <param name="name">The name.</param>
    /// <returns>Whether it existed.</returns>
    public bool RemoveScaleSet(string name)
    {
        ScaleSetAutoscaler? removed;
        lock (_gate)
        {
            if (!_sets.Remove(name, out removed))
            {
                return false;
            }

            _snapshot = [.. _snapshot.Where(s => !ReferenceEquals(s, removed))];
        }

        removed.Dispose();
        return true;
    }

    /// <summary>
    /// Starts evaluating every scale set on the scheduler, at each multiple of the evaluation interval (UTC), so runs
    /// are repeatable. Started again (for example with a new interval), it skips the boundary already evaluated.
    /// </summary>
    /// <returns>A handle; dispose it to stop the periodic evaluation.</returns>
    public IDisposable Start()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var interval = Options.EvaluationInterval;
        var first = NextBoundary(_scheduler.Now, interval);
        while (first.UtcTicks <= Interlocked.Read(ref _lastPeriodicTicks))
        {
            first += interval;
        }

        var loop = new EvaluationLoop(this, first, interval);
        _timer.Disposable = loop;
        loop.ScheduleNext();
        return Disposable.Create(() => _timer.Disposable = Disposable.Empty);
    }

    /// <summary>Evaluates every scale set once, now. A failing scale set is reported and does not stop the others.</summary>
    public void EvaluateAll() => EvaluateAt(_scheduler.Now, periodic: false);

    private void EvaluateAt(DateTimeOffset now, bool periodic)
    {
        var explain = _evaluations.HasObservers;
        foreach (var set in Volatile.Read(ref _snapshot))
        {
            // A set with an evaluation interval of its own is evaluated at its own cadence.
            if (periodic && !set.IsDue(now))
            {
                continue;
            }

            // Timed only when observed, so the evaluation stays allocation-free otherwise.
            var stopwatch = _timings.HasObservers ? _scheduler.StartStopwatch() : null;
            ScaleDecision? decision;
            try
            {
                decision = set.EvaluateCore(now, explain);
            }
#pragma warning disable CA1031 // One broken scale set must not stop the evaluation of the others.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                PublishTiming(set.Name, now, stopwatch, succeeded: false);
                Publish(new AutoscaleEngineEvent(now, set.Name, AutoscaleEngineEventKind.EvaluationFailed, $"scale set '{set.Name}': evaluation failed: {ex.Message}", Exception: ex));
                continue;
            }

            PublishTiming(set.Name, now, stopwatch, succeeded: true);
            set.PublishForecastOutcomes();
            Publish(decision);
        }
    }

    /// <summary>Stops the periodic evaluation and every source subscription, and completes the observables.</summary>
    public void Dispose()
    {
        ScaleSetAutoscaler[] sets;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            sets = _snapshot;
        }

        _timer.Dispose();
        foreach (var set in sets)
        {
            set.Dispose();
        }

        // Events complete last: an observer of another stream that throws on completion is still reported.
        _decisions.OnCompleted();
        _evaluations.OnCompleted();
        _timings.OnCompleted();
        _forecasts.OnCompleted();
        _events.OnCompleted();
    }

    internal IObservable<ScaleDecision> DecisionsOf(string name) => new ScaleSetDecisionStream(_decisions, name);

    /// <summary>Reports an observer that threw, as an event to the observers of <see cref="Events"/>.</summary>
    private void ReportObserverFailure(string stream, string scaleSet, Exception error)
    {
        var where = scaleSet.Length == 0 ? "engine" : $"scale set '{scaleSet}'";
        _events.OnNext(new AutoscaleEngineEvent(
            _scheduler.Now,
            scaleSet,
            AutoscaleEngineEventKind.ObserverFailed,
            $"{where}: an observer of {stream} threw {error.GetType().Name}: {error.Message}; it stays subscribed, the other observers got the item and the engine keeps evaluating",
            Exception: error));
    }

    internal void Publish(ScaleDecision? decision)
    {
        if (decision is null)
        {
            return;
        }

        if (_evaluations.HasObservers)
        {
            _evaluations.OnNext(decision);
        }

        if (decision.IsReported)
        {
            _decisions.OnNext(decision);
        }
    }

    internal void Publish(AutoscaleEngineEvent engineEvent) => _events.OnNext(engineEvent);

    internal void Publish(ForecastOutcome outcome) => _forecasts.OnNext(outcome);

    private void PublishTiming(string name, DateTimeOffset now, IStopwatch? stopwatch, bool succeeded)
    {
        if (stopwatch is not null)
        {
            _timings.OnNext(new EvaluationTiming(name, now, stopwatch.Elapsed, succeeded));
        }
    }

    private static DateTimeOffset NextBoundary(DateTimeOffset now, TimeSpan interval)
    {
        var ticks = now.UtcTicks;
        var next = ((ticks / interval.Ticks) + 1) * interval.Ticks;
        if (ticks % interval.Ticks == 0)
        {
            next = ticks;
        }

        return new DateTimeOffset(next, TimeSpan.Zero);
    }

    /// <summary>
    /// The periodic evaluation: each boundary schedules the next one on the engine's scheduler. One timer is pending at a
    /// time and replaces the last, so a long run keeps no trail of finished timers (Rx's recursive scheduling keeps a group
    /// of them and searches it on every step).
    /// </summary>
    private sealed class EvaluationLoop(AutoscaleEngine engine, DateTimeOffset first, TimeSpan interval) : IDisposable
    {
        private readonly SerialDisposable _pending = new();
        private readonly Lock _gate = new();
        private DateTimeOffset _due = first;
        private long _generation;

        public void ScheduleNext()
        {
            long generation;
            lock (_gate)
            {
                generation = ++_generation;
            }

            var item = engine._scheduler.Schedule(this, _due, static (_, loop) =>
            {
                loop.Tick();
                return Disposable.Empty;
            });
            lock (_gate)
            {
                // A scheduler may run a due item before Schedule returns (a fake clock firing a timer due now, or a timer
                // thread beating this one): that run has already scheduled the next boundary, which must stay pending.
                if (generation == _generation)
                {
                    _pending.Disposable = item;
                }
            }
        }

        public void Dispose() => _pending.Dispose();

        private void Tick()
        {
            if (_pending.IsDisposed)
            {
                return;
            }

            // Evaluate at the nominal boundary, not at whatever instant the timer fired, so runs are repeatable.
            Interlocked.Exchange(ref engine._lastPeriodicTicks, _due.UtcTicks);
            engine.EvaluateAt(_due, periodic: true);
            _due += interval;
            ScheduleNext();
        }
    }
}
