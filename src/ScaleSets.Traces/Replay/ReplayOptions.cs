using ScaleSets.Engine;

namespace ScaleSets.Replay;

/// <summary>Options of a replay of recorded metrics through the engine.</summary>
public sealed class ReplayOptions
{
    /// <summary>The default of <see cref="MaxEvaluations"/>.</summary>
    public const long DefaultMaxEvaluations = 10_000_000;

    /// <summary>
    /// Gets the earliest time a replay reaches: a sample, <see cref="From"/> or <see cref="To"/> before it is refused, so
    /// the engine's windows, which look back from each evaluation, fit in the calendar.
    /// </summary>
    public static DateTimeOffset EarliestTime => ReplaySpan.Earliest;

    /// <summary>
    /// Gets the end of the times a replay reaches: a sample, <see cref="From"/> or <see cref="To"/> at or after it is
    /// refused, so the engine's windows and the replay's tail fit in the calendar.
    /// </summary>
    public static DateTimeOffset LatestTime => ReplaySpan.Latest;

    /// <summary>Gets or sets the capacity at the start of the replay.</summary>
    /// <value>The default is 1.</value>
    public int InitialCapacity { get; set; } = 1;

    /// <summary>Gets or sets the first instant replayed; samples before it are skipped.</summary>
    /// <value>The default is <see langword="null"/>: from the first sample.</value>
    public DateTimeOffset? From { get; set; }

    /// <summary>Gets or sets the last instant replayed; samples after it are skipped.</summary>
    /// <value>The default is <see langword="null"/>: one evaluation interval past the last sample.</value>
    public DateTimeOffset? To { get; set; }

    /// <summary>
    /// Gets or sets how late a sample may come after a later one and still be replayed in time order. When set, the
    /// samples are read one at a time as the replay goes and only those within the window are held, so a sorted file
    /// of any length replays in bounded memory; a sample later than the window stops the replay with an error saying
    /// how late it is. When <see langword="null"/>, every sample is held and sorted first.
    /// </summary>
    /// <value>The default is <see langword="null"/>: the samples may come in any order.</value>
    public TimeSpan? ReorderWindow { get; set; }

    /// <summary>
    /// Gets or sets the most evaluations a replay runs from its start; a sample, <see cref="To"/> or the end further
    /// away is refused (a replay steps one evaluation at a time, so a row dated thousands of years away would run for hours).
    /// </summary>
    /// <value>The default is <see cref="DefaultMaxEvaluations"/> (about 19 years at one evaluation a minute).</value>
    public long MaxEvaluations { get; set; } = DefaultMaxEvaluations;

    /// <summary>Gets or sets whether every evaluation is returned, not only the actions.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool EveryEvaluation { get; set; }

    /// <summary>
    /// Gets or sets an observer of the engine's events during the replay. A sample the engine turns away (a value outside
    /// its metric's range, for one) is reported here as <see cref="AutoscaleEngineEventKind.SampleRejected"/>, naming the
    /// metric, instance and time; without an observer it is dropped as the engine drops it in production.
    /// </summary>
    /// <value>The default is <see langword="null"/>.</value>
    public IObserver<AutoscaleEngineEvent>? Events { get; set; }

    /// <summary>Gets or sets the engine options (evaluation interval, lateness, instance limit, metric ranges).</summary>
    public AutoscaleEngineOptions Engine { get; set; } = new();

    /// <summary>
    /// Gets or sets the instances' readiness changes (the metrics CSV's <c>ready</c> column, read by
    /// <see cref="MetricCsvReader.ReadReadiness(TextReader, string)"/>): each is applied at its time, before the samples
    /// of that time, as the controller's warm-up sink would (<see cref="Abstractions.IInstanceWarmupSink"/>).
    /// </summary>
    /// <value>The default is empty.</value>
    public IReadOnlyList<InstanceReadiness> Readiness { get; set; } = [];
}
