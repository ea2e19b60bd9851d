using System.Globalization;
using System.Text;
using ScaleSets.Model;
using ScaleSets.Prediction;
using ScaleSets.Sources;

namespace ScaleSets.Policy;

/// <summary>
/// The explained result of one evaluation of one scale set: the active profile, every rule's observation against its
/// threshold, which rule acted, the flapping projections, what blocked a wanted change, and the capacity from → to.
/// </summary>
public sealed class ScaleDecision
{
    internal ScaleDecision(
        string scaleSet,
        long sequence,
        DateTimeOffset time,
        string profile,
        int profileIndex,
        bool profileChanged,
        int from,
        int to,
        int wanted,
        ScaleReason reason,
        ScaleBlockReason blocked,
        int actingRule,
        DateTimeOffset? cooldownUntil,
        IReadOnlyList<RuleEvaluation> rules,
        IReadOnlyList<FlappingCheck> flappingChecks,
        PredictiveRecommendation? forecast = null)
    {
        ScaleSet = scaleSet;
        Sequence = sequence;
        Time = time;
        Profile = profile;
        ProfileIndex = profileIndex;
        ProfileChanged = profileChanged;
        From = from;
        To = to;
        Wanted = wanted;
        Reason = reason;
        Blocked = blocked;
        ActingRule = actingRule;
        CooldownUntil = cooldownUntil;
        Rules = rules;
        FlappingChecks = flappingChecks;
        Forecast = forecast;
    }

    /// <summary>Gets the scale set's name.</summary>
    public string ScaleSet { get; }

    /// <summary>Gets the evaluation's sequence number within its scale set, starting at 1.</summary>
    public long Sequence { get; }

    /// <summary>Gets an id that identifies this decision, for tracing what it caused: <c>scaleSet#sequence</c>.</summary>
    public string Id => string.Create(CultureInfo.InvariantCulture, $"{ScaleSet}#{Sequence}");

    /// <summary>Gets when the evaluation ran.</summary>
    public DateTimeOffset Time { get; }

    /// <summary>Gets the active profile's name.</summary>
    public string Profile { get; }

    /// <summary>Gets the active profile's position in the setting.</summary>
    public int ProfileIndex { get; }

    /// <summary>Gets whether the active profile changed since the previous evaluation.</summary>
    public bool ProfileChanged { get; }

    /// <summary>Gets the capacity before the decision.</summary>
    public int From { get; }

    /// <summary>Gets the capacity after the decision; equal to <see cref="From"/> when nothing changes.</summary>
    public int To { get; }

    /// <summary>Gets the capacity the rules asked for before anything blocked it.</summary>
    public int Wanted { get; }

    /// <summary>Gets why the rules wanted <see cref="Wanted"/>.</summary>
    public ScaleReason Reason { get; }

    /// <summary>Gets what kept the capacity from reaching <see cref="Wanted"/>, if anything.</summary>
    public ScaleBlockReason Blocked { get; }

    /// <summary>Gets the index of the rule that acted or wanted to act, or -1 when no rule did.</summary>
    public int ActingRule { get; }

    /// <summary>Gets the name of the rule that acted or wanted to act, or <see langword="null"/>.</summary>
    public string? ActingRuleName => ActingRule >= 0 && ActingRule < Rules.Count ? Rules[ActingRule].Name : null;

    /// <summary>Gets the end of the cooldown in force after this decision, if any.</summary>
    public DateTimeOffset? CooldownUntil { get; }

    /// <summary>Gets every rule's evaluation, in profile order.</summary>
    public IReadOnlyList<RuleEvaluation> Rules { get; }

    /// <summary>Gets the capacities the flapping guard tried before a scale-in, in the order tried.</summary>
    public IReadOnlyList<FlappingCheck> FlappingChecks { get; }

    /// <summary>
    /// Gets the predictive policy's recommendation at this evaluation (the forecast, its interval, the model, its accuracy,
    /// the capacity floor, or why it stood aside), or <see langword="null"/> when the setting has no predictive policy.
    /// </summary>
    public PredictiveRecommendation? Forecast { get; }

    /// <summary>
    /// Gets the scale set's metric sources that were unavailable at this evaluation (each with its last error), when a rule
    /// had no data; empty otherwise.
    /// </summary>
    public IReadOnlyList<MetricSourceOutage> UnavailableSources { get; internal set; } = [];

    /// <summary>Gets whether the capacity changes.</summary>
    public bool IsAction => To != From;

    /// <summary>
    /// Gets whether the decision is published on the engine's decisions: an action, or a change the rules asked for that
    /// something refused (cooldown, flapping guard, a scale-in rule not met, the forecast's floor, a disabled setting). Sitting
    /// at the profile's minimum or maximum is not a refusal: the range is what the user asked for.
    /// </summary>
    public bool IsReported => IsAction || (Wanted != From && Blocked is not (ScaleBlockReason.AtMinimum or ScaleBlockReason.AtMaximum));

    /// <summary>Gets the direction of the change.</summary>
    public ScaleDecisionDirection Direction => To > From ? ScaleDecisionDirection.Out : To < From ? ScaleDecisionDirection.In : ScaleDecisionDirection.None;

    /// <summary>Gets a one-sentence explanation, for logs and the command line.</summary>
    /// <returns>The explanation.</returns>
    public string Explain()
    {
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        if (IsAction)
        {
            text.Append(culture, $"{(To > From ? "scale out" : "scale in")} {From} -> {To}: ");
        }
        else if (Wanted != From)
        {
            text.Append(culture, $"{(Wanted > From ? "scale-out" : "scale-in")} {From} -> {Wanted} blocked ({DescribeBlock()}): ");
        }
        else
        {
            text.Append(culture, $"no change at {From}: ");
        }

        text.Append(DescribeReason());
        if (IsAction && Blocked == ScaleBlockReason.None && To != Wanted)
        {
            text.Append(culture, $" (flapping guard kept {To} instead of {Wanted})");
        }

        foreach (var outage in UnavailableSources)
        {
            text.Append(culture, $"; source '{outage.Source}' unavailable since {outage.Since.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}: {outage.Error}");
        }

        return text.ToString();
    }

    /// <inheritdoc/>
    public override string ToString() => Explain();

    private string DescribeReason()
    {
        var culture = CultureInfo.InvariantCulture;
        switch (Reason)
        {
            case ScaleReason.ProfileMinimum:
                return string.Create(culture, $"below the minimum of profile '{Profile}'");
            case ScaleReason.ProfileMaximum:
                return string.Create(culture, $"above the maximum of profile '{Profile}'");
            case ScaleReason.PredictiveFloor:
            case ScaleReason.PredictiveScaleIn:
                return DescribeForecast();
            case ScaleReason.MissingDataDefault:
                var missing = FirstMissing();
                return string.Create(culture, $"no data for {missing} in its window; going to the default capacity of profile '{Profile}'");
            case ScaleReason.RuleScaleOut:
            case ScaleReason.RuleScaleIn:
                if (ActingRule >= 0 && ActingRule < Rules.Count)
                {
                    return DescribeRule(Rules[ActingRule]);
                }

                return "rule";
            default:
                return Rules.Count == 0 ? "profile has no rules" : DescribeQuiet();
        }
    }

    private string DescribeForecast()
    {
        if (Forecast is not { } forecast)
        {
            return "forecast";
        }

        return string.Create(
            CultureInfo.InvariantCulture,
            $"forecast of {forecast.ForecastUpper:0.###} (q{forecast.Quantile:0.##}, mean {forecast.ForecastMean:0.###}) until {forecast.ForecastUntil.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} by {forecast.Model} needs {(Reason == ScaleReason.PredictiveScaleIn ? forecast.ScaleInCapacity : forecast.CapacityFloor)} instances");
    }

    private string DescribeQuiet()
    {
        foreach (var rule in Rules)
        {
            if (rule.Outcome == RuleOutcome.MissingData)
            {
                return "no rule met; no data for " + DescribeMissing(rule);
            }
        }

        return "no rule met";
    }

    private string FirstMissing()
    {
        foreach (var rule in Rules)
        {
            if (rule.Outcome == RuleOutcome.MissingData)
            {
                return DescribeMissing(rule);
            }
        }

        return "a rule";
    }

    private static string DescribeMissing(in RuleEvaluation rule) => rule.WaitingFor is { } waiting
        ? string.Create(CultureInfo.InvariantCulture, $"rule '{rule.Name}' (waiting for {waiting})")
        : string.Create(CultureInfo.InvariantCulture, $"rule '{rule.Name}' ({rule.Metric})");

    private string DescribeBlock()
    {
        var culture = CultureInfo.InvariantCulture;
        return Blocked switch
        {
            ScaleBlockReason.Cooldown => string.Create(culture, $"cooldown until {CooldownUntil?.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}"),
            ScaleBlockReason.Flapping => DescribeFlapping(),
            ScaleBlockReason.AtMaximum => "at the profile maximum",
            ScaleBlockReason.AtMinimum => "at the profile minimum",
            ScaleBlockReason.ScaleInNotUnanimous => "not every scale-in rule is met",
            ScaleBlockReason.SettingDisabled => "setting disabled",
            ScaleBlockReason.PausedAtZero => "autoscaling paused: the set is at zero instances (a minimum above zero is not enforced from zero)",
            ScaleBlockReason.PredictiveFloor => string.Create(culture, $"the forecast needs {Forecast?.CapacityFloor} instances"),
            _ => "not blocked",
        };
    }

    private string DescribeFlapping()
    {
        if (FlappingChecks.Count == 0)
        {
            return "flapping";
        }

        var last = FlappingChecks[^1];
        var rule = last.TriggeredRule >= 0 && last.TriggeredRule < Rules.Count ? Rules[last.TriggeredRule] : default;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"flapping: at {last.Capacity} instances rule '{rule.Name}' would see {last.ProjectedValue:0.###} {Symbol(rule.Operator)} {rule.Threshold:0.###}");
    }

    internal static string DescribeRule(in RuleEvaluation rule)
    {
        var culture = CultureInfo.InvariantCulture;
        return rule.Kind switch
        {
            ScaleRuleKind.TargetTracking => string.Create(
                culture,
                $"rule '{rule.Name}' {rule.Metric} = {rule.Observed:0.###} against target {rule.Threshold:0.###} proposes {rule.ProposedCapacity} (raw {rule.RawProposal}){DescribeInstances(rule)}"),
            _ => string.Create(
                culture,
                $"rule '{rule.Name}' {rule.Metric} = {rule.Observed:0.###} {Symbol(rule.Operator)} {rule.Threshold:0.###} proposes {rule.ProposedCapacity}"),
        };
    }

    /// <summary>The instances behind a target-tracking value, when some were missing or not ready (HPA's fill-ins).</summary>
    private static string DescribeInstances(in RuleEvaluation rule) =>
        rule.MissingInstances is > 0 || rule.NotReadyInstances is > 0
            ? string.Create(CultureInfo.InvariantCulture, $" from {rule.ReportingInstances} reporting instance(s), {rule.MissingInstances} missing, {rule.NotReadyInstances} not ready")
            : "";

    internal static string Symbol(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equals => "==",
        ComparisonOperator.NotEquals => "!=",
        ComparisonOperator.GreaterThan => ">",
        ComparisonOperator.GreaterThanOrEqual => ">=",
        ComparisonOperator.LessThan => "<",
        ComparisonOperator.LessThanOrEqual => "<=",
        _ => op.ToString(),
    };
}
