namespace ScaleSets.Sources;

/// <summary>The outcome of one poll of a metric source.</summary>
/// <param name="Source">The source's name.</param>
/// <param name="Time">When the poll ended (the source's clock).</param>
/// <param name="Health">Whether the source delivered.</param>
/// <param name="Samples">The number of samples the poll delivered.</param>
/// <param name="Error">Why the poll failed, naming what and where; <see langword="null"/> when it succeeded.</param>
/// <param name="Problems">
/// What was wrong with parts of an answer that was otherwise used (a row that could not be read, a label that is missing, a
/// value that is not a finite number), each naming the source, what and where; empty when there were none.
/// </param>
/// <param name="ConsecutiveFailures">The number of polls in a row that failed, this one included; 0 after a success.</param>
public sealed record MetricSourceStatus(
    string Source,
    DateTimeOffset Time,
    MetricSourceHealth Health,
    int Samples,
    string? Error,
    IReadOnlyList<string> Problems,
    int ConsecutiveFailures);
