namespace ScaleSets.Model;

/// <summary>The kind of a scale rule, given by which policy it carries.</summary>
public enum ScaleRuleKind
{
    /// <summary>An Azure Monitor autoscale rule: a threshold comparison and a scale action.</summary>
    Threshold,

    /// <summary>Kubernetes HPA-style target tracking.</summary>
    TargetTracking,

    /// <summary>AWS-style step scaling.</summary>
    StepScaling,
}
