using System.Globalization;
using ScaleSets.Policy;
using ScaleSets.Schedules;
using ScaleSets.Series;

namespace ScaleSets.Engine;

/// <summary>
/// What the autoscaler tells of itself: its status (active profile, rules, recent decisions, next profile) and its last evaluation.
/// </summary>
public sealed partial class ScaleSetAutoscaler
{
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

    private void Remember(ScaleDecision decision)
    {
        if (_recent.Count == RecentDecisionCapacity)
        {
            _recent.Dequeue();
        }

        _recent.Enqueue(DecisionRecord.Of(decision));
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
}
