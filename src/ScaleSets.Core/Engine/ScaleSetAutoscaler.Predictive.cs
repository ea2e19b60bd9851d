using System.Reactive.Disposables;
using ScaleSets.Model;
using ScaleSets.Prediction;

namespace ScaleSets.Engine;

/// <summary>
/// The autoscaler's predictive policy: its forecast metric, the grains it observes, the refit beside the evaluation and the forecast outcomes.
/// </summary>
public sealed partial class ScaleSetAutoscaler
{
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
}
