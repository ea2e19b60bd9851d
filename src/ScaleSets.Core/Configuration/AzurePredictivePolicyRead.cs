using ScaleSets.Model;

namespace ScaleSets.Configuration;

/// <summary>Azure's <c>predictiveAutoscalePolicy</c> as it is read, before it is mapped to a <see cref="PredictiveScalingPolicy"/>.</summary>
internal sealed class AzurePredictivePolicyRead
{
    /// <summary>Gets or sets whether <c>scaleMode</c> was given.</summary>
    public bool ModeGiven { get; set; }

    /// <summary>Gets or sets the mode read, when it could be.</summary>
    public PredictiveScalingMode? Mode { get; set; }

    /// <summary>Gets or sets the look-ahead time read, when given and readable.</summary>
    public TimeSpan? LookAhead { get; set; }

    /// <summary>Gets or sets where <c>scaleLookAheadTime</c> stands, when given.</summary>
    public string? LookAheadPath { get; set; }
}
