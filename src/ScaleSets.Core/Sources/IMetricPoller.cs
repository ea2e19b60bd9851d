namespace ScaleSets.Sources;

/// <summary>
/// Reads a system once: one HAProxy <c>show stat</c>, one PowerShell run, one set of PromQL queries. A
/// <see cref="PolledMetricSource"/> calls it at its interval, with its timeout and retries, and turns failures into health.
/// </summary>
public interface IMetricPoller
{
    /// <summary>Reads the system once.</summary>
    /// <param name="now">The time of the poll (the source's clock), to stamp samples that carry no time of their own.</param>
    /// <param name="cancellationToken">Cancelled when the poll times out or the source stops.</param>
    /// <returns>The samples read and the problems with parts of the answer.</returns>
    /// <exception cref="Exception">Any exception fails the poll: it is retried, then reported as the source's error.</exception>
    ValueTask<MetricPoll> PollAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
