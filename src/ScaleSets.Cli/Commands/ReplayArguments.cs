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
    /// <summary>Gets how much earlier than a row before it a row may come (<c>--max-lateness</c>).</summary>
    public TimeSpan MaxLateness { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Gets the ARM parameters file for a template setting, or <see langword="null"/>.</summary>
    public string? ParametersPath { get; init; }
}
