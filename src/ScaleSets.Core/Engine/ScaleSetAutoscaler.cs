using System.Globalization;
using System.Reactive.Disposables;
using ScaleSets.Abstractions;
using ScaleSets.Configuration;
using ScaleSets.Metrics;
using ScaleSets.Model;
using ScaleSets.Policy;
using ScaleSets.Prediction;
using ScaleSets.Rules;
using ScaleSets.Schedules;
using ScaleSets.Series;
using ScaleSets.Sources;

namespace ScaleSets.Engine;

/// <summary>
/// The autoscaler of one scale set inside an <see cref="AutoscaleEngine"/>: it ingests the set's metric sources,
/// selects the active profile by the clock, evaluates the rules on every tick and emits explained decisions.
/// </summary>
/// <remarks>
/// Thread-safe: every member may be called from any thread, and a source may push from several threads at once. What a
/// source pushes is serialized at the door, under the scale set's lock: its samples are ingested one at a time, the
/// first <c>OnError</c> or <c>OnCompleted</c> ends it, and whatever it pushes after that is ignored. Decisions and
/// events are published after the lock is released.
/// </remarks>
public sealed partial class ScaleSetAutoscaler : IInstanceWarmupSink, IDisposable
{
    private readonly AutoscaleEngine _engine;
    private readonly Lock _gate = new();
    private readonly CompositeDisposable _subscriptions = [];
    private readonly SerialDisposable _refit = new();
    private readonly PolicyState _state = new();
    private readonly List<FlappingCheck> _flapping = [];
    private readonly MetricStore _store;
    private AutoscaleSetting _setting;
    private ProfileSchedule _schedule;
    private CompiledProfile[] _profiles;
    private int[][] _triggerIndex;
    private ObservedMetric[] _observed;
    private RuleResult[] _results;
    private PredictiveScaler? _predictive;
    private int _predictiveTrigger = -1;
    private long _nextPredictiveGrain = -1;
    private ActiveProfile _active;
    private bool _hasActive;
    private int _lastProfile = -1;
    private int _capacity;
    private InstanceCensus? _census;
    private DateTimeOffset? _lastEvaluation;
    private PolicyResult _lastResult;
    private PredictiveRecommendation? _lastForecast;
    private readonly Queue<DecisionRecord> _recent = new();
    private List<ForecastOutcome>? _forecastOutcomes;
    private long _sequence;
    private int _sourceCount = 1; // source 0 is direct ingestion through Ingest()
    private int _faulted;
    private Dictionary<int, string>? _sourceNames;
    private Dictionary<int, MetricSourceOutage>? _outages;
    private int _completed;
    private bool _disposed;

    internal ScaleSetAutoscaler(AutoscaleEngine engine, string name, AutoscaleSetting setting, int initialCapacity)
    {
        _engine = engine;
        Name = name;
        _capacity = initialCapacity;
        Validate(setting, engine.Options);
        _setting = setting;
        (_schedule, _profiles, _triggerIndex, var triggers) = Compile(setting);
        _predictiveTrigger = AddPredictiveTrigger(setting, triggers);
        _predictive = CreatePredictive(setting, engine.Options);
        _store = new MetricStore(triggers, engine.Options.SampleLimits(), setting.TargetResourceUri);
        _census = CreateCensus(setting, null);
        _observed = new ObservedMetric[MaxRules(setting)];
        _results = new RuleResult[_observed.Length];
    }

    /// <summary>Gets the scale set's name.</summary>
    public string Name { get; }

    /// <summary>Gets the autoscale setting in force.</summary>
    public AutoscaleSetting Setting
    {
        get
        {
            lock (_gate)
            {
                return _setting;
            }
        }
    }

    /// <summary>Gets the capacity the autoscaler believes the set has: the last decision's, or the last reported one.</summary>
    public int Capacity
    {
        get
        {
            lock (_gate)
            {
                return _capacity;
            }
        }
    }

    /// <summary>Gets the decisions of this scale set: every action and every blocked change.</summary>
    public IObservable<ScaleDecision> Decisions => _engine.DecisionsOf(Name);

    /// <summary>Gets what happened to the samples this scale set received.</summary>
    public IngestStatistics Statistics
    {
        get
        {
            lock (_gate)
            {
                var s = _store;
                return new IngestStatistics(
                    s.Count(IngestOutcome.Accepted),
                    s.Count(IngestOutcome.Unmatched),
                    s.Count(IngestOutcome.Late),
                    s.Count(IngestOutcome.InFuture),
                    s.Count(IngestOutcome.NotFinite),
                    s.Count(IngestOutcome.OutOfRange),
                    s.Count(IngestOutcome.MissingMetricName),
                    s.Count(IngestOutcome.WarmingUp),
                    _faulted,
                    _completed);
            }
        }
    }

    /// <summary>
    /// Tells the autoscaler the capacity the set really has (the controller's count), for example after a failed
    /// or partial scale action. The next evaluation starts from it.
    /// </summary>
    /// <param name="capacity">The current capacity.</param>
    public void ReportCapacity(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        lock (_gate)
        {
            _capacity = capacity;
        }
    }

    /// <summary>Replaces the setting at run time; it takes effect at the next evaluation. Metric history is kept for rules that still use it.</summary>
    /// <param name="setting">The new setting.</param>
    /// <exception cref="AutoscaleSettingException">The setting is invalid; every problem is listed.</exception>
    public void UpdateSetting(AutoscaleSetting setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        Validate(setting, _engine.Options);
        lock (_gate)
        {
            var (schedule, profiles, triggerIndex, triggers) = Compile(setting);
            var predictiveTrigger = AddPredictiveTrigger(setting, triggers);
            _store.Reconfigure(triggers, setting.TargetResourceUri);
            _census = CreateCensus(setting, _census);
            var keepForecast = SamePredictive(_setting.Predictive, setting.Predictive);
            _predictive = keepForecast ? _predictive : CreatePredictive(setting, _engine.Options);
            _nextPredictiveGrain = keepForecast ? _nextPredictiveGrain : -1;
            _predictiveTrigger = predictiveTrigger;
            _setting = setting;
            _schedule = schedule;
            _profiles = profiles;
            _triggerIndex = triggerIndex;
            _observed = new ObservedMetric[MaxRules(setting)];
            _results = new RuleResult[_observed.Length];
            _hasActive = false;
            _lastProfile = -1;
        }

        _engine.Publish(new AutoscaleEngineEvent(_engine.Now, Name, AutoscaleEngineEventKind.SettingUpdated, $"scale set '{Name}': setting '{setting.Name}' applied"));
    }

    /// <summary>
    /// Adds a metric source. Samples are ingested as they arrive; an error or completion is reported and the series it alone
    /// fed then report missing data. When the source is an <see cref="IMetricSource"/>, its status is watched too: an
    /// unavailable source is reported (<see cref="AutoscaleEngineEventKind.SourceUnavailable"/>), the series it alone fed
    /// report missing data at once, decisions with missing data name it and its error, and its recovery is reported.
    /// </summary>
    /// <param name="source">The source.</param>
    /// <returns>A subscription; dispose it to stop ingesting from the source.</returns>
    public IDisposable AddSource(IObservable<MetricSample> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        int index;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            index = _sourceCount++;
            if (source is IMetricSource named)
            {
                (_sourceNames ??= [])[index] = named.Name;
            }
        }

        var status = (source as IMetricSource)?.Status.Subscribe(new StatusObserver(this, index));
        var observer = new SourceObserver(this, index);
        IDisposable subscription;
        try
        {
            subscription = source.Subscribe(observer);
        }
        catch
        {
            status?.Dispose();

            // Whatever the source pushed before it threw is let go with it: the series it alone fed report missing data.
            lock (_gate)
            {
                observer.Terminated = true;
                _store.OnSourceTerminated(index);
            }

            throw;
        }

        if (status is not null)
        {
            subscription = new CompositeDisposable(subscription, status);
        }

        _subscriptions.Add(subscription);
        return Disposable.Create(() => _subscriptions.Remove(subscription));
    }

    /// <summary>Ingests one sample directly, as if it came from a source; all direct calls share source index 0.</summary>
    /// <param name="sample">The sample.</param>
    public void Ingest(in MetricSample sample) => IngestCore(sample, null);

    /// <summary>
    /// Ingests samples directly, in order, as if each came from a source (source index 0), reading the clock and taking the
    /// lock once for all of them: for an agent or a simulation that reports a whole fleet's samples at a time. A bad sample
    /// is reported and skipped as with <see cref="Ingest(in MetricSample)"/>; the others are still ingested.
    /// </summary>
    /// <param name="samples">The samples.</param>
    public void Ingest(ReadOnlySpan<MetricSample> samples)
    {
        if (samples.IsEmpty)
        {
            return;
        }

        var now = _engine.Now;
        List<(int Index, IngestOutcome Outcome, Exception? Error)>? rejected = null;
        lock (_gate)
        {
            for (var i = 0; i < samples.Length; i++)
            {
                try
                {
                    var outcome = _store.Ingest(samples[i], now, 0);
                    ObserveInstance(samples[i], outcome);
                    if (IsRejection(outcome))
                    {
                        (rejected ??= []).Add((i, outcome, null));
                    }
                }
#pragma warning disable CA1031 // A bad sample must never stop the others of the batch.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    (rejected ??= []).Add((i, default, ex));
                }
            }
        }

        if (rejected is null)
        {
            return;
        }

        foreach (var (i, outcome, error) in rejected)
        {
            PublishRejection(samples[i], outcome, error, now, 0);
        }
    }

    /// <inheritdoc/>
    public void SetWarmingUp(string instanceId, DateTimeOffset warmUntil)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        lock (_gate)
        {
            _store.SetWarmingUp(instanceId, warmUntil);
            _census?.SetNotReady(instanceId, warmUntil);
        }
    }

    /// <inheritdoc/>
    public void ClearWarmingUp(string instanceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        lock (_gate)
        {
            _store.ClearWarmingUp(instanceId);
            _census?.ClearNotReady(instanceId);
        }
    }

    /// <summary>Gets the minimum capacity of the profile in force now (the first capacity a controller is given starts there at least).</summary>
    internal int CurrentMinimum
    {
        get
        {
            lock (_gate)
            {
                return _schedule.Select(_engine.Now).Profile.Capacity.Minimum;
            }
        }
    }

    /// <summary>Evaluates now, applies the result to <see cref="Capacity"/>, publishes it when notable, and returns it explained.</summary>
    /// <returns>The decision.</returns>
    public ScaleDecision Evaluate()
    {
        var decision = EvaluateCore(_engine.Now, materialize: true)!;
        PublishForecastOutcomes();
        _engine.Publish(decision);
        return decision;
    }

    /// <summary>How many published decisions <see cref="GetStatus"/> keeps.</summary>
    public const int RecentDecisionCapacity = 50;

    /// <summary>
    /// Returns the scale set's status at this instant: capacity, the active and next profile, each rule of the latest
    /// evaluation against its threshold, the conditions, what blocks the next action, the forecast and the recent decisions.
    /// </summary>
    /// <returns>An immutable snapshot.</returns>
    public AutoscalerStatus GetStatus()
    {
        var now = _engine.Now;
        lock (_gate)
        {
            var active = _hasActive ? _active : _schedule.Select(now);
            var profile = active.Profile;
            var evaluated = _lastEvaluation is not null && _lastProfile == active.Index;
            var rules = evaluated ? DescribeRules(_profiles[active.Index]) : [];
            var (next, nextStart) = NextProfile(active);
            var result = evaluated ? _lastResult : new PolicyResult(_capacity, _capacity, _capacity, ScaleReason.NoChange, ScaleBlockReason.None, -1, _state.CooldownUntil);
            var missing = rules.Where(r => r.Observed is null).Select(r => r.Name).ToArray();
            var cooldown = _state.CooldownUntil is { } until && until > now ? until : (DateTimeOffset?)null;
            var capacity = profile.Capacity;
            return new AutoscalerStatus
            {
                Name = Name,
                Time = now,
                Setting = _setting.Name,
                Enabled = _setting.Enabled,
                LastEvaluation = _lastEvaluation,
                Capacity = _capacity,
                Wanted = result.Wanted,
                Reason = result.Reason,
                Blocked = result.Blocked,
                Profile = profile.Name,
                Minimum = capacity.Minimum,
                Maximum = capacity.Maximum,
                Default = capacity.Default,
                NextProfile = next,
                NextProfileStart = nextStart,
                Rules = rules,
                Conditions = AutoscalerConditions.Compute(now, evaluated, _setting.Enabled, _capacity, result.Wanted, result.Reason, result.Blocked, cooldown, rules, capacity.Minimum, capacity.Maximum),
                CooldownUntil = cooldown,
                MissingData = missing,
                NextActionBlockedBy = AutoscalerConditions.NextActionBlockedBy(now, _setting.Enabled, result.Blocked, cooldown, missing, rules, _capacity, capacity.Minimum, capacity.Maximum),
                Forecast = _lastForecast,
                RecentDecisions = [.. _recent],
            };
        }
    }

    /// <summary>
    /// The few numbers of the latest evaluation a chart keeps, without building a status: its time, the capacity after it,
    /// the rules of its profile (the profile's own array, not a copy) and what each observed (<see langword="null"/> without data).
    /// </summary>
    /// <returns>Whether the set was evaluated yet.</returns>
    internal bool TryGetLastEvaluation(out DateTimeOffset time, out int capacity, out IReadOnlyList<string> rules, out double?[] observed)
    {
        lock (_gate)
        {
            if (_lastEvaluation is not { } last || _lastProfile < 0 || _lastProfile >= _profiles.Length)
            {
                (time, capacity, rules, observed) = (default, _capacity, [], []);
                return false;
            }

            var names = _profiles[_lastProfile].RuleNames;
            observed = new double?[names.Length];
            for (var i = 0; i < names.Length && i < _results.Length; i++)
            {
                var result = _results[i];
                observed[i] = result.Outcome != RuleOutcome.MissingData && double.IsFinite(result.Observed) ? result.Observed : null;
            }

            (time, capacity, rules) = (last, _capacity, names);
            return true;
        }
    }

    /// <summary>Stops ingesting from every source.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        _subscriptions.Dispose();
        _refit.Dispose();
        _stateSaver?.Stop();
    }

    /// <summary>Publishes the forecast outcomes the last evaluation collected, outside the lock.</summary>
    internal void PublishForecastOutcomes()
    {
        ForecastOutcome[] outcomes;
        lock (_gate)
        {
            if (_forecastOutcomes is not { Count: > 0 } collected)
            {
                return;
            }

            outcomes = [.. collected];
            collected.Clear();
        }

        foreach (var outcome in outcomes)
        {
            _engine.Publish(outcome);
        }
    }

    /// <summary>Gets whether the calling thread holds the scale set's lock (tests check that no observer runs under it).</summary>
    internal bool HoldsLock => _gate.IsHeldByCurrentThread;

    /// <summary>Gets the metric store (benchmarks read its precomputed aggregates directly).</summary>
    internal MetricStore Store => _store;

    /// <summary>One evaluation. Returns the decision when it is notable or <paramref name="materialize"/> is set; otherwise null (no allocation).</summary>
    internal ScaleDecision? EvaluateCore(DateTimeOffset now, bool materialize)
    {
        ScaleDecision? decision = null;
        RefitRequest? refit = null;
        PredictiveScaler? refitting = null;
        lock (_gate)
        {
            if (!_hasActive || (_active.NextChange is { } next && now >= next) || (_active.Since is { } since && now < since))
            {
                _active = _schedule.Select(now);
                _hasActive = true;
            }

            var profileIndex = _active.Index;
            var profileChanged = _lastProfile >= 0 && _lastProfile != profileIndex;
            _lastProfile = profileIndex;
            var compiled = _profiles[profileIndex];
            var rules = compiled.Profile.Rules;
            var triggerIndex = _triggerIndex[profileIndex];
            _census?.Prune(now);
            for (var i = 0; i < rules.Count; i++)
            {
                var aggregate = _store.Read(triggerIndex[i], now, out var perInstanceSeries);
                _observed[i] = !aggregate.HasData ? ObservedMetric.Missing : new ObservedMetric(true, aggregate.Value, perInstanceSeries)
                {
                    Counts = _census is not null && rules[i].Kind == ScaleRuleKind.TargetTracking ? _census.Count(rules[i].MetricTrigger, now) : InstanceCounts.Unknown,
                };
            }

            PredictiveRecommendation? forecast = null;
            var predictive = PredictiveInput.None;
            if (_predictive is not null)
            {
                ObservePredictiveGrains(now);
                var recommendation = _predictive.Recommend(now, _capacity, _setting.EvaluationInterval ?? _engine.Options.EvaluationInterval);
                refit = _predictive.TakeRefitRequest();
                refitting = _predictive;
                forecast = recommendation;
                if (recommendation.IsBinding)
                {
                    predictive = new PredictiveInput(true, recommendation.CapacityFloor ?? 0, recommendation.ScaleInCapacity ?? -1);
                }
            }

            var result = AutoscalePolicy.Evaluate(
                now,
                compiled,
                _setting.Enabled,
                _capacity,
                _observed.AsSpan(0, rules.Count),
                _state,
                _results.AsSpan(0, rules.Count),
                _flapping,
                predictive,
                _setting.PauseAtZero ?? compiled.UsesHpa);
            _capacity = result.To;
            _lastEvaluation = now;
            _lastResult = result;
            _lastForecast = forecast;
            _sequence++;
            if (materialize || result.IsNotable || profileChanged)
            {
                decision = new ScaleDecision(
                    Name,
                    _sequence,
                    now,
                    compiled.Profile.Name,
                    profileIndex,
                    profileChanged,
                    result.From,
                    result.To,
                    result.Wanted,
                    result.Reason,
                    result.Blocked,
                    result.ActingRule,
                    result.CooldownUntil,
                    compiled.Describe(_results.AsSpan(0, rules.Count), _store, triggerIndex),
                    _flapping.Count == 0 ? [] : [.. _flapping],
                    forecast);
                if (_outages is { Count: > 0 } outages && HasMissingData(rules.Count))
                {
                    decision.UnavailableSources = [.. outages.Values.OrderBy(o => o.Source, StringComparer.Ordinal)];
                }

                if (decision.IsReported)
                {
                    Remember(decision);
                }
            }
        }

        if (refit is not null)
        {
            ScheduleRefit(refitting!, refit);
        }

        OfferState();
        return decision;
    }

    /// <summary>
    /// Runs a refit on the engine's scheduler, beside the evaluations: the fit outside every lock, then the swap under the
    /// scale set's lock, unless the set was disposed or its setting replaced the forecaster meanwhile.
    /// </summary>
    private void ScheduleRefit(PredictiveScaler scaler, RefitRequest request)
    {
        // One refit is outstanding per forecaster (it asks again only once this one is applied), so replacing the pending
        // item here cancels only a refit of a forecaster that a new setting replaced.
        _refit.Disposable = _engine.Scheduler.Schedule((Owner: this, Scaler: scaler, Request: request), static (_, s) =>
        {
            s.Owner.RunRefit(s.Scaler, s.Request);
            return Disposable.Empty;
        });
    }

    private void RunRefit(PredictiveScaler scaler, RefitRequest request)
    {
        RefitOutcome outcome;
        Exception? unexpected = null;
        try
        {
            outcome = PredictiveScaler.Fit(request);
        }
#pragma warning disable CA1031 // On a scheduler's thread an escaping exception ends the process; it is reported and the fit counts as failed.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            unexpected = ex;
            outcome = new RefitOutcome { Request = request, Error = ex.Message };
        }

        lock (_gate)
        {
            if (_disposed || !ReferenceEquals(scaler, _predictive))
            {
                return;
            }

            scaler.Apply(outcome);
        }

        if (unexpected is not null)
        {
            _engine.Publish(new AutoscaleEngineEvent(_engine.Now, Name, AutoscaleEngineEventKind.EvaluationFailed, $"scale set '{Name}': refitting the forecast of '{scaler.MetricName}' failed: {unexpected.Message}; the reactive rules decide until a refit succeeds", Exception: unexpected));
        }
    }

    /// <summary>
    /// Whether a periodic tick at <paramref name="now"/> evaluates this set: always without an interval of its own;
    /// with one, at each multiple of it and whenever a whole interval has passed since the last evaluation (so an
    /// interval that is not a multiple of the engine's tick still evaluates about as often as asked).
    /// </summary>
    internal bool IsDue(DateTimeOffset now)
    {
        lock (_gate)
        {
            return _setting.EvaluationInterval is not { Ticks: > 0 } own
                || _lastEvaluation is not { } last
                || now.UtcTicks % own.Ticks == 0
                || now - last >= own;
        }
    }

    private void Remember(ScaleDecision decision)
    {
        if (_recent.Count == RecentDecisionCapacity)
        {
            _recent.Dequeue();
        }

        _recent.Enqueue(DecisionRecord.Of(decision));
    }

    /// <summary>The latest evaluation's rules, expanded; called under the lock.</summary>
    private RuleStatus[] DescribeRules(CompiledProfile compiled)
    {
        var rules = compiled.Profile.Rules;
        var evaluations = compiled.Describe(_results.AsSpan(0, rules.Count));
        var triggerIndex = _triggerIndex[compiled.Index];
        var list = new RuleStatus[rules.Count];
        for (var i = 0; i < list.Length; i++)
        {
            var e = evaluations[i];
            var trigger = rules[i].MetricTrigger;
            var series = _store.GetSeries(triggerIndex[i]);
            list[i] = new RuleStatus
            {
                Name = e.Name,
                Kind = e.Kind,
                Metric = e.Metric,
                Direction = e.Direction,
                Observed = e.HasData && double.IsFinite(e.Observed) ? e.Observed : null,
                Operator = e.Operator,
                Threshold = e.Threshold,
                Window = trigger.TimeWindow,
                TimeGrain = trigger.TimeGrain,
                LastSample = series.NewestIndex == GrainBucket.NoIndex ? null : new DateTimeOffset(series.NewestIndex * series.GrainTicks, TimeSpan.Zero),
                Outcome = e.Outcome,
                ProposedCapacity = e.ProposedCapacity,
                RawProposal = e.RawProposal,
                ScaleDownWindow = e.ScaleDownWindow,
                Explanation = e.HasData ? ScaleDecision.DescribeRule(e) : string.Create(CultureInfo.InvariantCulture, $"rule '{e.Name}' {e.Metric}: no data in its window of {trigger.TimeWindow}"),
            };
        }

        return list;
    }

    /// <summary>The profile after <paramref name="active"/> and when it starts, following the schedule's change points a bounded number of times.</summary>
    private (string? Name, DateTimeOffset? Start) NextProfile(ActiveProfile active)
    {
        var at = active.NextChange;
        for (var step = 0; step < 16 && at is { } t; step++)
        {
            var next = _schedule.Select(t);
            if (next.Index != active.Index)
            {
                return (next.Profile.Name, t);
            }

            at = next.NextChange is { } n && n > t ? n : null;
        }

        return (null, null);
    }

    /// <summary>A census of the target-tracking rules' metrics, or none when the setting has no target-tracking rule.</summary>
    private static InstanceCensus? CreateCensus(AutoscaleSetting setting, InstanceCensus? existing)
    {
        var triggers = setting.Profiles.SelectMany(p => p.Rules).Where(r => r.Kind == ScaleRuleKind.TargetTracking).Select(r => r.MetricTrigger).ToArray();
        if (triggers.Length == 0)
        {
            return null;
        }

        if (existing is null)
        {
            return new InstanceCensus(triggers);
        }

        existing.Reconfigure(triggers);
        return existing;
    }

    private void ObserveInstance(in MetricSample sample, IngestOutcome outcome)
    {
        if (_census is not null && outcome == IngestOutcome.Accepted && sample.Instance is { } instance)
        {
            _census.Observe(sample.Metric, instance, sample.Timestamp.UtcTicks);
        }
    }

    /// <summary>Ingests a sample from <paramref name="source"/> (null for direct ingestion, source index 0).</summary>
    private void IngestCore(in MetricSample sample, SourceObserver? source)
    {
        IngestOutcome outcome;
        DateTimeOffset now = _engine.Now;
        var sourceIndex = source?.Index ?? 0;
        try
        {
            lock (_gate)
            {
                if (source is { Terminated: true })
                {
                    // A source that pushes after its end breaks Rx's grammar (threads racing its OnError); its end stands.
                    return;
                }

                outcome = _store.Ingest(sample, now, sourceIndex);
                ObserveInstance(sample, outcome);
            }
        }
#pragma warning disable CA1031 // A bad sample must never tear down the source's pipeline.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            PublishRejection(sample, default, ex, now, sourceIndex);
            return;
        }

        if (IsRejection(outcome))
        {
            PublishRejection(sample, outcome, null, now, sourceIndex);
        }
    }

    /// <summary>Whether the store turned a sample away (a sample no rule uses, or one from a warming-up instance, is not).</summary>
    private static bool IsRejection(IngestOutcome outcome) =>
        outcome is not (IngestOutcome.Accepted or IngestOutcome.Unmatched or IngestOutcome.WarmingUp);

    /// <summary>Reports a sample the store rejected (<paramref name="outcome"/>) or failed on (<paramref name="error"/>).</summary>
    private void PublishRejection(in MetricSample sample, IngestOutcome outcome, Exception? error, DateTimeOffset now, int sourceIndex)
    {
        if (error is not null)
        {
            _engine.Publish(new AutoscaleEngineEvent(now, Name, AutoscaleEngineEventKind.SampleRejected, $"scale set '{Name}': sample of '{sample.Metric}' could not be ingested: {error.Message}", sourceIndex, sample, error));
        }
        else if (_engine.HasEventObservers)
        {
            _engine.Publish(new AutoscaleEngineEvent(now, Name, AutoscaleEngineEventKind.SampleRejected, DescribeRejection(sample, outcome, sourceIndex), sourceIndex, sample));
        }
    }

    private string DescribeRejection(in MetricSample sample, IngestOutcome outcome, int sourceIndex)
    {
        var options = _engine.Options;
        var what = string.Create(CultureInfo.InvariantCulture, $"scale set '{Name}', source {SourceLabel(sourceIndex)}, metric '{sample.Metric}'{(sample.Instance is null ? "" : $" from instance '{sample.Instance}'")} at {sample.Timestamp.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}");
        return outcome switch
        {
            IngestOutcome.NotFinite => string.Create(CultureInfo.InvariantCulture, $"{what}: value {sample.Value} is not a finite number; sample rejected"),
            IngestOutcome.OutOfRange => string.Create(CultureInfo.InvariantCulture, $"{what}: value {sample.Value} is outside the valid range {options.GetRange(sample.Metric)}; sample rejected"),
            IngestOutcome.Late => string.Create(CultureInfo.InvariantCulture, $"{what}: older than the allowed lateness of {options.MaxSampleLateness}; sample dropped"),
            IngestOutcome.InFuture => string.Create(CultureInfo.InvariantCulture, $"{what}: more than {options.MaxClockSkew} in the future; sample rejected"),
            IngestOutcome.MissingMetricName => string.Create(CultureInfo.InvariantCulture, $"scale set '{Name}', source {SourceLabel(sourceIndex)}: sample without a metric name rejected"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{what}: {outcome}"),
        };
    }

    private bool HasMissingData(int ruleCount)
    {
        for (var i = 0; i < ruleCount; i++)
        {
            if (!_observed[i].HasData)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The name of source <paramref name="sourceIndex"/> in messages: its own name, or its number.</summary>
    private string SourceLabel(int sourceIndex)
    {
        lock (_gate)
        {
            return _sourceNames is not null && _sourceNames.TryGetValue(sourceIndex, out var name)
                ? string.Create(CultureInfo.InvariantCulture, $"'{name}'")
                : string.Create(CultureInfo.InvariantCulture, $"{sourceIndex}");
        }
    }

    private void OnSourceStatus(int sourceIndex, MetricSourceStatus status)
    {
        AutoscaleEngineEventKind? change = null;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var wasOut = _outages is not null && _outages.ContainsKey(sourceIndex);
            if (status.Health == MetricSourceHealth.Unavailable)
            {
                var since = wasOut ? _outages![sourceIndex].Since : status.Time;
                (_outages ??= [])[sourceIndex] = new MetricSourceOutage(status.Source, since, status.Error ?? "unavailable");
                if (!wasOut)
                {
                    _store.OnSourceTerminated(sourceIndex);
                    change = AutoscaleEngineEventKind.SourceUnavailable;
                }
            }
            else if (wasOut)
            {
                _outages!.Remove(sourceIndex);
                change = AutoscaleEngineEventKind.SourceRecovered;
            }
        }

        var now = _engine.Now;
        if (change == AutoscaleEngineEventKind.SourceUnavailable)
        {
            _engine.Publish(new AutoscaleEngineEvent(now, Name, AutoscaleEngineEventKind.SourceUnavailable, string.Create(CultureInfo.InvariantCulture, $"scale set '{Name}': metric source '{status.Source}' is unavailable: {status.Error}; the series it alone fed now report missing data"), sourceIndex));
        }
        else if (change == AutoscaleEngineEventKind.SourceRecovered)
        {
            _engine.Publish(new AutoscaleEngineEvent(now, Name, AutoscaleEngineEventKind.SourceRecovered, string.Create(CultureInfo.InvariantCulture, $"scale set '{Name}': metric source '{status.Source}' recovered ({status.Samples} sample(s) in its last poll)"), sourceIndex));
        }

        const int MaxProblemEvents = 10;
        for (var i = 0; i < status.Problems.Count && i < MaxProblemEvents; i++)
        {
            _engine.Publish(new AutoscaleEngineEvent(now, Name, AutoscaleEngineEventKind.SourceProblem, string.Create(CultureInfo.InvariantCulture, $"scale set '{Name}': metric source '{status.Source}': {status.Problems[i]}"), sourceIndex));
        }

        if (status.Problems.Count > MaxProblemEvents)
        {
            _engine.Publish(new AutoscaleEngineEvent(now, Name, AutoscaleEngineEventKind.SourceProblem, string.Create(CultureInfo.InvariantCulture, $"scale set '{Name}': metric source '{status.Source}': {status.Problems.Count - MaxProblemEvents} more problem(s) in the same poll"), sourceIndex));
        }
    }

    private void OnSourceTerminated(SourceObserver source, Exception? error)
    {
        var sourceIndex = source.Index;
        lock (_gate)
        {
            if (source.Terminated)
            {
                // Only the first end counts and is reported.
                return;
            }

            source.Terminated = true;
            _store.OnSourceTerminated(sourceIndex);
            if (error is null)
            {
                _completed++;
            }
            else
            {
                _faulted++;
            }
        }

        var now = _engine.Now;
        _engine.Publish(error is null
            ? new AutoscaleEngineEvent(now, Name, AutoscaleEngineEventKind.SourceCompleted, $"scale set '{Name}': metric source {SourceLabel(sourceIndex)} completed; the series it alone fed now report missing data", sourceIndex)
            : new AutoscaleEngineEvent(now, Name, AutoscaleEngineEventKind.SourceFaulted, $"scale set '{Name}': metric source {SourceLabel(sourceIndex)} faulted: {error.Message}; the series it alone fed now report missing data", sourceIndex, Exception: error));
    }

    private static void Validate(AutoscaleSetting setting, AutoscaleEngineOptions options)
    {
        var result = AutoscaleSettingValidator.Validate(setting, options.InstanceLimit);
        if (!result.IsValid)
        {
            throw new AutoscaleSettingException(string.IsNullOrEmpty(setting.Name) ? "(unnamed)" : setting.Name, result.Problems);
        }
    }

    /// <summary>
    /// Feeds the predictive scaler every grain of its metric that completed since the last evaluation. Grains are read
    /// through a hidden one-grain trigger, so the forecast sees exactly the values the rules see (warming instances excluded).
    /// </summary>
    private void ObservePredictiveGrains(DateTimeOffset now)
    {
        var grainTicks = _setting.Predictive!.TimeGrain.Ticks;
        var end = now.UtcTicks / grainTicks;
        var oldest = end - _store.GetSeriesCapacity(_predictiveTrigger) + 1;
        var next = _nextPredictiveGrain < 0 ? end - 1 : Math.Max(_nextPredictiveGrain, oldest);
        for (var grain = next; grain < end; grain++)
        {
            var aggregate = _store.Read(_predictiveTrigger, new DateTimeOffset((grain + 1) * grainTicks, TimeSpan.Zero));
            if (!aggregate.HasData && _predictive!.HistoryGrains == 0)
            {
                // The history starts with the first grain that has data, not with the empty grains before it.
                continue;
            }

            var grainStart = new DateTimeOffset(grain * grainTicks, TimeSpan.Zero);
            var forecast = _predictive!.Observe(grainStart, aggregate.HasData ? aggregate.Value : double.NaN);
            if (double.IsFinite(forecast) && aggregate.HasData && _engine.HasForecastObservers)
            {
                (_forecastOutcomes ??= []).Add(new ForecastOutcome(Name, _predictive.MetricName, grainStart, forecast, aggregate.Value));
            }
        }

        _nextPredictiveGrain = Math.Max(_nextPredictiveGrain, end);
    }

    private static int AddPredictiveTrigger(AutoscaleSetting setting, List<MetricTrigger> triggers)
    {
        if (setting.Predictive is not { Mode: not PredictiveScalingMode.Disabled } policy)
        {
            return -1;
        }

        triggers.Add(new MetricTrigger
        {
            MetricName = policy.MetricName,
            Source = policy.Source,
            TimeGrain = policy.TimeGrain,
            Statistic = policy.Statistic,
            TimeWindow = policy.TimeGrain,
            TimeAggregation = TimeAggregationType.Average,
        });
        return triggers.Count - 1;
    }

    private static PredictiveScaler? CreatePredictive(AutoscaleSetting setting, AutoscaleEngineOptions options) =>
        setting.Predictive is { Mode: not PredictiveScalingMode.Disabled } policy
            ? new PredictiveScaler(policy, policy.TimeGrain, clock: null, refitInBackground: options.PredictiveRefit == PredictiveRefitMode.Background)
            : null;

    /// <summary>Whether two predictive policies forecast the same thing the same way, so the history can be kept.</summary>
    private static bool SamePredictive(PredictiveScalingPolicy? a, PredictiveScalingPolicy? b) => a is not null && a == b;

    private static int MaxRules(AutoscaleSetting setting)
    {
        var max = 0;
        foreach (var profile in setting.Profiles)
        {
            max = Math.Max(max, profile.Rules.Count);
        }

        return max;
    }

    private static (ProfileSchedule Schedule, CompiledProfile[] Profiles, int[][] TriggerIndex, List<MetricTrigger> Triggers) Compile(AutoscaleSetting setting)
    {
        var schedule = new ProfileSchedule(setting);
        var profiles = new CompiledProfile[setting.Profiles.Count];
        var triggerIndex = new int[setting.Profiles.Count][];
        var triggers = new List<MetricTrigger>();
        for (var p = 0; p < profiles.Length; p++)
        {
            var profile = setting.Profiles[p];
            profiles[p] = new CompiledProfile(profile, p);
            triggerIndex[p] = new int[profile.Rules.Count];
            for (var r = 0; r < profile.Rules.Count; r++)
            {
                triggerIndex[p][r] = triggers.Count;
                triggers.Add(profile.Rules[r].MetricTrigger);
            }
        }

        return (schedule, profiles, triggerIndex, triggers);
    }

    /// <summary>The engine's door for one source: every call is serialized by the owner's lock, where <see cref="Terminated"/> is read and written.</summary>
    private sealed class SourceObserver(ScaleSetAutoscaler owner, int index) : IObserver<MetricSample>
    {
        public int Index => index;

        /// <summary>Gets or sets whether the source has ended; guarded by the owner's lock.</summary>
        public bool Terminated { get; set; }

        public void OnNext(MetricSample value) => owner.IngestCore(value, this);

        public void OnError(Exception error) => owner.OnSourceTerminated(this, error);

        public void OnCompleted() => owner.OnSourceTerminated(this, null);
    }

    private sealed class StatusObserver(ScaleSetAutoscaler owner, int index) : IObserver<MetricSourceStatus>
    {
        public void OnNext(MetricSourceStatus value) => owner.OnSourceStatus(index, value);

        public void OnError(Exception error)
        {
            // The samples' stream reports the source's end; its status stream has nothing to add.
        }

        public void OnCompleted()
        {
        }
    }
}
