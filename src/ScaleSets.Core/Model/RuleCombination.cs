namespace ScaleSets.Model;

/// <summary>How a profile combines the proposals of its rules into one capacity.</summary>
public enum RuleCombination
{
    /// <summary>
    /// <see cref="Hpa"/> when every rule of the profile is a target-tracking rule, otherwise <see cref="Azure"/> (so a
    /// profile mixing target tracking with threshold or step rules votes as Azure does).
    /// </summary>
    Auto,

    /// <summary>
    /// Azure Monitor autoscale: scale out if any rule asks (the highest capacity wins), scale in only if every scale-in
    /// rule agrees (the one removing the fewest wins), cooldowns, and the flapping guard before every scale-in. Each
    /// target-tracking rule is stabilized and rate-limited on its own and then votes like a threshold rule.
    /// </summary>
    Azure,

    /// <summary>
    /// Kubernetes HPA: every rule proposes a capacity (a target-tracking rule by HPA's replica formula; a threshold or
    /// step rule its action's capacity when met, the current capacity otherwise), the largest proposal is taken, and
    /// that one recommendation is stabilized and rate-limited once, with the behavior of the profile's first
    /// target-tracking rule. No cooldowns and no flapping guard (the stabilization windows play their part). A rule
    /// without data does not propose; when no rule has data, or when one lacks data and the others propose a scale-in,
    /// the capacity is held.
    /// </summary>
    Hpa,
}
