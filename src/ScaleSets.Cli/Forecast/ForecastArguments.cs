using ScaleSets.Traces;

namespace ScaleSets.Cli.Forecast;

/// <summary>The parsed arguments of <c>scalesets forecast</c>.</summary>
internal sealed record ForecastArguments(
    string TracePath,
    string ValueColumn,
    string TimestampColumn,
    TimeSpan? Resample,
    TraceAggregation Aggregation,
    TimeSpan Horizon,
    DateTimeOffset? TrainUntil,
    TimeSpan RefitEvery,
    string? ReportPath);
