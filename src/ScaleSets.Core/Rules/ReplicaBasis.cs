namespace ScaleSets.Rules;

/// <summary>What a target-tracking value is an average of, which decides the count HPA's replica formula multiplies the usage ratio by.</summary>
internal enum ReplicaBasis
{
    /// <summary>The current capacity: a set-level total divided per instance (HPA's <c>AverageValue</c> targets), or when nothing is known about the instances.</summary>
    Current,

    /// <summary>The instances that reported samples (HPA's pod and resource metrics), with missing and not-ready instances filled in.</summary>
    Reporting,

    /// <summary>The ready instances: a set-level value not divided per instance (HPA's object and external <c>Value</c> targets).</summary>
    Ready,
}
