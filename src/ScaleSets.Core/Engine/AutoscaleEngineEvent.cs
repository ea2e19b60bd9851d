using ScaleSets.Metrics;

namespace ScaleSets.Engine;

/// <summary>Something the engine reports besides decisions: rejected samples, faulted sources, failed evaluations.</summary>
/// <param name="Time">When it happened (the engine's clock).</param>
/// <param name="ScaleSet">The scale set concerned.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Message">A message naming what and where, ready to log.</param>
/// <param name="SourceIndex">The metric source concerned, or -1.</param>
/// <param name="Sample">The sample concerned, for <see cref="AutoscaleEngineEventKind.SampleRejected"/>.</param>
/// <param name="Exception">The exception concerned, if any.</param>
public sealed record AutoscaleEngineEvent(
    DateTimeOffset Time,
    string ScaleSet,
    AutoscaleEngineEventKind Kind,
    string Message,
    int SourceIndex = -1,
    MetricSample? Sample = null,
    Exception? Exception = null);
