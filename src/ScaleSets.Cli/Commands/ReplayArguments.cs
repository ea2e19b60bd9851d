using ScaleSets.Metrics;

namespace ScaleSets.Cli.Commands;

/// <summary>The parsed arguments of <c>scalesets replay</c>.</summary>
internal sealed record ReplayArguments(
    string? SettingPath,
    string? MetricsPath,
    int Capacity,
    TimeSpan EvaluationInterval,
    DateTimeOffset? From,
    DateTimeOffset? To,
    bool Explain,
    MetricSourceKind DefaultSource)
{
    /// <summary>Gets the ARM parameters file for a template setting, or <see langword="null"/>.</summary>
    public string? ParametersPath { get; init; }
}
