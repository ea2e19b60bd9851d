namespace ScaleSets.Prediction;

/// <summary>How a Holt-Winters model combines the seasonal component with the level.</summary>
internal enum SeasonalityKind
{
    /// <summary>No seasonal component (simple or Holt exponential smoothing).</summary>
    None,

    /// <summary>The season adds a fixed amount: <c>level + season</c>.</summary>
    Additive,

    /// <summary>The season scales the level: <c>level × season</c>; only for positive series.</summary>
    Multiplicative,
}
