using ScaleSets.Model;
using ScaleSets.Rules;

namespace ScaleSets.Policy;

/// <summary>What one rule concluded in one evaluation, compactly; expanded into a <see cref="RuleEvaluation"/> only for a decision.</summary>
internal struct RuleResult
{
    public RuleOutcome Outcome;
    public ScaleDirection Direction;
    public double Observed;
    public int Proposed;
    public int Raw;

    /// <summary>The scale-down stabilization window a target-tracking rule used, else <see langword="null"/>.</summary>
    public TimeSpan? DownWindow;

    /// <summary>The headroom a target-tracking rule with an SLO objective used, else <see langword="null"/>.</summary>
    public SloHeadroom? Headroom;

    /// <summary>The instances behind a target-tracking value counted by HPA's formula (Reporting -1 when they did not enter it).</summary>
    public InstanceCounts Counts;

    public RuleResult(RuleOutcome outcome, ScaleDirection direction, double observed, int proposed, int raw)
    {
        Outcome = outcome;
        Direction = direction;
        Observed = observed;
        Proposed = proposed;
        Raw = raw;
        DownWindow = null;
        Headroom = null;
        Counts = InstanceCounts.Unknown;
    }
}
