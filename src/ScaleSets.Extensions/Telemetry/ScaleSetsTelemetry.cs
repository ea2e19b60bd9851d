using System.Diagnostics.Metrics;
using System.Reactive.Disposables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ScaleSets.Abstractions;
using ScaleSets.Control;
using ScaleSets.Engine;
using ScaleSets.Policy;
using ScaleSets.Prediction;

namespace ScaleSets.Telemetry;

/// <summary>
/// Turns the engine's decisions and events and the controllers' events into the <c>ScaleSets</c> meter's instruments,
/// into logs and (through <see cref="ScaleSetsTracing"/>) into activities. The core only raises events; this is the one place that knows about metrics and logging.
/// </summary>
internal sealed class ScaleSetsTelemetry : IDisposable
{
    /// <summary>The <see cref="ScaleSetsInstruments.ScaleSetTag"/> of setting updates that concern the engine, not one scale set.</summary>
    internal const string EngineScope = "(engine)";

    private readonly Meter _meter;
    private readonly ILogger _logger;
    private readonly ITelemetrySource _runtime;
    private readonly ScaleSetsTracing _tracing;
    private readonly Counter<long> _decisions;
    private readonly Counter<long> _blocked;
    private readonly Gauge<int> _current;
    private readonly Gauge<int> _desired;
    private readonly Counter<long> _samplesRejected;
    private readonly Counter<long> _sourcesTerminated;
    private readonly Counter<long> _evaluationFailures;
    private readonly Counter<long> _settingUpdates;
    private readonly Counter<long> _controllerEvents;
    private readonly Histogram<double> _evaluationDuration;
    private readonly Histogram<double> _providerDuration;
    private readonly Counter<long> _providerFailures;
    private readonly Histogram<double> _forecastError;
    private readonly TimeProvider _time;

    public ScaleSetsTelemetry(IMeterFactory meterFactory, ITelemetrySource runtime, ScaleSetsTracing tracing, TimeProvider timeProvider, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _runtime = runtime;
        _time = timeProvider;
        _tracing = tracing;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("ScaleSets");
        _meter = meterFactory.Create(ScaleSetsInstruments.MeterName);
        _decisions = _meter.CreateCounter<long>(ScaleSetsInstruments.Decisions, "{decision}", "Scale decisions: actions and blocked changes.");
        _current = _meter.CreateGauge<int>(ScaleSetsInstruments.CurrentCapacity, "{instance}", "The capacity before the latest decision.");
        _desired = _meter.CreateGauge<int>(ScaleSetsInstruments.DesiredCapacity, "{instance}", "The capacity the latest decision asked for.");
        _samplesRejected = _meter.CreateCounter<long>(ScaleSetsInstruments.SamplesRejected, "{sample}", "Samples rejected or dropped by the engine.");
        _sourcesTerminated = _meter.CreateCounter<long>(ScaleSetsInstruments.SourcesTerminated, "{source}", "Metric sources that faulted or completed.");
        _evaluationFailures = _meter.CreateCounter<long>(ScaleSetsInstruments.EvaluationFailures, "{evaluation}", "Evaluations that failed unexpectedly.");
        _settingUpdates = _meter.CreateCounter<long>(ScaleSetsInstruments.SettingUpdates, "{update}", "Run-time setting changes, applied or rejected.");
        _controllerEvents = _meter.CreateCounter<long>(ScaleSetsInstruments.ControllerEvents, "{event}", "Controller events by kind.");
        _blocked = _meter.CreateCounter<long>(ScaleSetsInstruments.DecisionsBlocked, "{decision}", "Changes the rules asked for that something refused, by what refused them.");
        _meter.CreateObservableGauge(ScaleSetsInstruments.RuleObserved, () => ObserveRules(observed: true), null, "The value each rule observed at its latest evaluation.");
        _meter.CreateObservableGauge(ScaleSetsInstruments.RuleThreshold, () => ObserveRules(observed: false), null, "Each rule's threshold or target.");
        _meter.CreateObservableGauge(ScaleSetsInstruments.Instances, ObserveInstances, "{instance}", "Instances each controller tracks.");
        _meter.CreateObservableCounter(ScaleSetsInstruments.SamplesIngested, ObserveIngested, "{sample}", "Samples that entered at least one rule's series.");

        // Bucket boundaries fitted to each quantity; the default ones suit milliseconds, not these.
        _evaluationDuration = Histogram(ScaleSetsInstruments.EvaluationDuration, "s", "How long one evaluation of one scale set took.", [0.000_01, 0.000_05, 0.000_1, 0.000_5, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1]);
        _providerDuration = Histogram(ScaleSetsInstruments.ProviderCallDuration, "s", "How long a compute provider or load balancer call took.", [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300]);
        _providerFailures = _meter.CreateCounter<long>(ScaleSetsInstruments.ProviderCallFailures, "{failure}", "Failed provider calls and failed items of batch calls.");
        _forecastError = Histogram(ScaleSetsInstruments.ForecastError, "%", "Absolute percentage error of a forecast grain against the value observed.", [1, 2, 5, 10, 15, 20, 30, 50, 75, 100, 200]);
    }

    public ILogger Logger => _logger;

    /// <summary>Starts mapping the runtime's observables; dispose the result to stop.</summary>
    public IDisposable Attach() => new CompositeDisposable(
        _runtime.Decisions.Subscribe(OnDecision),
        // The quiet evaluations (a rule met at a profile limit) are not decisions; they are logged at Debug, read only when Debug is on.
        _logger.IsEnabled(LogLevel.Debug) ? _runtime.Engine.Evaluations.Subscribe(OnEvaluation) : Disposable.Empty,
        _runtime.EngineEvents.Subscribe(OnEngineEvent),
        _runtime.ControllerEvents.Subscribe(OnControllerEvent),
        _runtime.Engine.EvaluationTimings.Subscribe(OnEvaluationTiming),
        _runtime.Engine.ForecastOutcomes.Subscribe(OnForecastOutcome),
        _runtime.Decisions.Subscribe(_tracing.OnDecision),
        _runtime.ControllerEvents.Subscribe(_tracing.OnControllerEvent));

    public void SettingRejected(string scaleSet, IEnumerable<string> errors)
    {
        _settingUpdates.Add(1, new(ScaleSetsInstruments.ScaleSetTag, scaleSet), new(ScaleSetsInstruments.OutcomeTag, "rejected"));
        ScaleSetsLog.SettingRejected(_logger, scaleSet, string.Join("; ", errors));
    }

    public void EngineOptionsRejected(IEnumerable<string> errors)
    {
        _settingUpdates.Add(1, new(ScaleSetsInstruments.ScaleSetTag, EngineScope), new(ScaleSetsInstruments.OutcomeTag, "rejected"));
        ScaleSetsLog.EngineOptionsRejected(_logger, string.Join("; ", errors));
    }

    public void Dispose() => _meter.Dispose();

    /// <summary>Runs a provider call, recording its duration and, when it throws, its failure.</summary>
    public Task<T> MeasureAsync<T>(string scaleSet, string operation, Func<Task<T>> call) =>
        MeasureCoreAsync(scaleSet, operation, call, static _ => null);

    /// <summary>Runs a provider call without a result, recording its duration and, when it throws, its failure.</summary>
    public Task MeasureAsync(string scaleSet, string operation, Func<Task> call) =>
        MeasureCoreAsync(
            scaleSet,
            operation,
            async () =>
            {
                await call().ConfigureAwait(false);
                return true;
            },
            static _ => null);

    /// <summary>Runs a batch provider call, recording its duration and its failures: the whole call's, or each failed item's.</summary>
    public Task<BatchResult> MeasureBatchAsync(string scaleSet, string operation, Func<Task<BatchResult>> call) =>
        MeasureCoreAsync(scaleSet, operation, call, static result => result);

    private async Task<T> MeasureCoreAsync<T>(string scaleSet, string operation, Func<Task<T>> call, Func<T, BatchResult?> batch)
    {
        var set = new KeyValuePair<string, object?>(ScaleSetsInstruments.ScaleSetTag, scaleSet);
        var op = new KeyValuePair<string, object?>(ScaleSetsInstruments.OperationTag, operation);
        var start = _time.GetTimestamp();
        var outcome = "failure";
        try
        {
            var result = await call().ConfigureAwait(false);
            outcome = "success";
            foreach (var item in batch(result)?.Items ?? [])
            {
                if (!item.Succeeded)
                {
                    outcome = "partial";
                    _providerFailures.Add(1, set, op, new(ScaleSetsInstruments.FailureTag, item.Failure.ToString()));
                }
            }

            return result;
        }
        catch (OperationCanceledException)
        {
            outcome = "cancelled";
            throw;
        }
        catch (ProviderOperationException ex)
        {
            _providerFailures.Add(1, set, op, new(ScaleSetsInstruments.FailureTag, ex.Failure.ToString()));
            throw;
        }
        catch (Exception)
        {
            _providerFailures.Add(1, set, op, new(ScaleSetsInstruments.FailureTag, "Unexpected"));
            throw;
        }
        finally
        {
            _providerDuration.Record(_time.GetElapsedTime(start).TotalSeconds, set, op, new(ScaleSetsInstruments.OutcomeTag, outcome));
        }
    }

    private Histogram<double> Histogram(string name, string unit, string description, double[] boundaries) =>
        _meter.CreateHistogram(name, unit, description, tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = boundaries });

    private void OnEvaluationTiming(EvaluationTiming timing) =>
        _evaluationDuration.Record(timing.Duration.TotalSeconds, new KeyValuePair<string, object?>(ScaleSetsInstruments.ScaleSetTag, timing.ScaleSet));

    private void OnForecastOutcome(ForecastOutcome outcome)
    {
        var error = outcome.AbsolutePercentageError;
        if (double.IsFinite(error))
        {
            _forecastError.Record(error, new KeyValuePair<string, object?>(ScaleSetsInstruments.ScaleSetTag, outcome.ScaleSet));
        }
    }

    private void OnDecision(ScaleDecision decision)
    {
        var set = new KeyValuePair<string, object?>(ScaleSetsInstruments.ScaleSetTag, decision.ScaleSet);
        _decisions.Add(
            1,
            set,
            new(ScaleSetsInstruments.DirectionTag, DirectionName(decision.Direction)),
            new(ScaleSetsInstruments.ReasonTag, decision.Reason.ToString()));
        _current.Record(decision.From, set);
        _desired.Record(decision.To, set);
        if (decision.Blocked != ScaleBlockReason.None)
        {
            _blocked.Add(1, set, new(ScaleSetsInstruments.BlockedTag, decision.Blocked.ToString()));
        }

        Log(_logger, decision);
    }

    private void OnEvaluation(ScaleDecision decision)
    {
        if (!decision.IsReported && decision.Wanted != decision.From)
        {
            ScaleSetsLog.ScaleBlocked(_logger, decision.ScaleSet, decision.Wanted, decision.From, decision.Blocked, decision.Id);
        }
    }

    private void OnEngineEvent(AutoscaleEngineEvent engineEvent)
    {
        var set = new KeyValuePair<string, object?>(ScaleSetsInstruments.ScaleSetTag, engineEvent.ScaleSet);
        switch (engineEvent.Kind)
        {
            case AutoscaleEngineEventKind.SampleRejected:
                _samplesRejected.Add(1, set);
                break;
            case AutoscaleEngineEventKind.SourceFaulted or AutoscaleEngineEventKind.SourceCompleted:
                _sourcesTerminated.Add(1, set, new(ScaleSetsInstruments.KindTag, engineEvent.Kind == AutoscaleEngineEventKind.SourceFaulted ? "faulted" : "completed"));
                break;
            case AutoscaleEngineEventKind.EvaluationFailed:
                _evaluationFailures.Add(1, set);
                break;
            case AutoscaleEngineEventKind.SettingUpdated:
                _settingUpdates.Add(1, set, new(ScaleSetsInstruments.OutcomeTag, "applied"));
                ScaleSetsLog.EngineInfo(_logger, engineEvent.ScaleSet, engineEvent.Kind, engineEvent.Message);
                return;
            case AutoscaleEngineEventKind.ObserverFailed:
                // A bug in the application's code, logged with its stack trace; the engine itself is unharmed.
                ScaleSetsLog.ObserverFailed(_logger, engineEvent.Exception, engineEvent.ScaleSet, engineEvent.Message);
                return;
            default:
                break;
        }

        ScaleSetsLog.EngineProblem(_logger, engineEvent.Exception, engineEvent.ScaleSet, engineEvent.Kind, engineEvent.Message);
    }

    private void OnControllerEvent(ControllerEvent controllerEvent)
    {
        _controllerEvents.Add(
            1,
            new(ScaleSetsInstruments.ScaleSetTag, controllerEvent.ScaleSetName),
            new(ScaleSetsInstruments.KindTag, controllerEvent.Kind.ToString()));
        Log(_logger, controllerEvent);
    }

    /// <summary>
    /// Logs a decision with its explanation as structured fields: an action by a rule carries the rule, its metric, the
    /// observed value, the comparison and the threshold; another action its reason and explanation; a refused change what refused it.
    /// </summary>
    internal static void Log(ILogger logger, ScaleDecision decision)
    {
        if (decision.IsAction)
        {
            if (decision.Reason is ScaleReason.RuleScaleOut or ScaleReason.RuleScaleIn && decision.ActingRule >= 0 && decision.ActingRule < decision.Rules.Count)
            {
                var rule = decision.Rules[decision.ActingRule];
                var op = rule.Kind == Model.ScaleRuleKind.TargetTracking ? "against target" : Symbol(rule.Operator);
                ScaleSetsLog.RuleScaleAction(logger, decision.ScaleSet, decision.Direction, decision.From, decision.To, rule.Name, rule.Metric, rule.Observed, op, rule.Threshold, decision.Id);
            }
            else if (logger.IsEnabled(LogLevel.Information))
            {
                var explanation = decision.Explain();
                ScaleSetsLog.ExplainedScaleAction(logger, decision.ScaleSet, decision.Direction, decision.From, decision.To, decision.Reason, explanation, decision.Id);
            }
        }
        else if (decision.IsReported && logger.IsEnabled(LogLevel.Information))
        {
            var explanation = decision.Explain();
            ScaleSetsLog.ScaleRefused(logger, decision.ScaleSet, decision.Wanted, decision.From, decision.Blocked, explanation, decision.Id);
        }
    }

    private IEnumerable<Measurement<double>> ObserveRules(bool observed)
    {
        foreach (var set in _runtime.Engine.ScaleSets)
        {
            foreach (var rule in set.GetStatus().Rules)
            {
                var value = observed ? rule.Observed : rule.Threshold;
                if (value is { } v)
                {
                    yield return new Measurement<double>(
                        v,
                        new KeyValuePair<string, object?>(ScaleSetsInstruments.ScaleSetTag, set.Name),
                        new KeyValuePair<string, object?>(ScaleSetsInstruments.RuleTag, rule.Name),
                        new KeyValuePair<string, object?>(ScaleSetsInstruments.MetricTag, rule.Metric));
                }
            }
        }
    }

    /// <summary>Logs a controller event; a set-level event shows '-' for its instance, one without a cause 'none' (not '(null)').</summary>
    internal static void Log(ILogger logger, ControllerEvent controllerEvent)
    {
        var instance = controllerEvent.InstanceId ?? "-";
        var cause = controllerEvent.CauseId ?? "none";
        if (IsProblem(controllerEvent.Kind))
        {
            ScaleSetsLog.ControllerProblem(logger, controllerEvent.ScaleSetName, controllerEvent.Kind, instance, cause, controllerEvent.Message);
        }
        else
        {
            ScaleSetsLog.ControllerInfo(logger, controllerEvent.ScaleSetName, controllerEvent.Kind, instance, cause, controllerEvent.Message);
        }
    }

    private IEnumerable<Measurement<int>> ObserveInstances()
    {
        foreach (var name in _runtime.ScaleSetNames)
        {
            if (_runtime.TryGetController(name, out var controller))
            {
                yield return new Measurement<int>(controller.GetInstances().Count, new KeyValuePair<string, object?>(ScaleSetsInstruments.ScaleSetTag, name));
            }
        }
    }

    private IEnumerable<Measurement<long>> ObserveIngested()
    {
        foreach (var set in _runtime.Engine.ScaleSets)
        {
            yield return new Measurement<long>(set.Statistics.Accepted, new KeyValuePair<string, object?>(ScaleSetsInstruments.ScaleSetTag, set.Name));
        }
    }

    internal static bool IsProblem(ControllerEventKind kind) => kind is ControllerEventKind.Error
        or ControllerEventKind.InstanceCreateFailed
        or ControllerEventKind.InstanceLost
        or ControllerEventKind.InstanceUnhealthy
        or ControllerEventKind.RepairFailed
        or ControllerEventKind.RepairsSuspended
        or ControllerEventKind.UpgradeBlocked
        or ControllerEventKind.UpgradeStopped
        or ControllerEventKind.ScaleOutBlocked;

    private static string Symbol(Model.ComparisonOperator op) => op switch
    {
        Model.ComparisonOperator.Equals => "==",
        Model.ComparisonOperator.NotEquals => "!=",
        Model.ComparisonOperator.GreaterThan => ">",
        Model.ComparisonOperator.GreaterThanOrEqual => ">=",
        Model.ComparisonOperator.LessThan => "<",
        Model.ComparisonOperator.LessThanOrEqual => "<=",
        _ => op.ToString(),
    };

    private static string DirectionName(ScaleDecisionDirection direction) => direction switch
    {
        ScaleDecisionDirection.Out => "Out",
        ScaleDecisionDirection.In => "In",
        _ => "None",
    };
}
