namespace ScaleSets.Prediction;

/// <summary>The trend component of a Holt-Winters model.</summary>
internal enum TrendKind
{
    /// <summary>No trend.</summary>
    None,

    /// <summary>A linear trend extrapolated without end.</summary>
    Linear,

    /// <summary>A trend that fades out over the horizon (damping factor φ &lt; 1).</summary>
    Damped,
}
