namespace ScaleSets.Sources;

/// <summary>A metric source that is unavailable, as a decision names it when a rule had no data.</summary>
/// <param name="Source">The source's name.</param>
/// <param name="Since">When the source's first failed poll of this outage ended.</param>
/// <param name="Error">The source's last error.</param>
public sealed record MetricSourceOutage(string Source, DateTimeOffset Since, string Error);
