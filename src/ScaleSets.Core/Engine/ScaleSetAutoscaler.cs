using System.Reactive.Disposables;
using ScaleSets.Abstractions;
using ScaleSets.Configuration;
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
}
