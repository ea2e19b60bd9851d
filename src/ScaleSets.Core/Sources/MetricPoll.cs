using ScaleSets.Metrics;

namespace ScaleSets.Sources;

/// <summary>What one poll of a source read: the samples, and what was wrong with parts of the answer.</summary>
/// <param name="Samples">The samples read, in the order they are to be delivered.</param>
/// <param name="Problems">Problems with single rows or values that were skipped, each naming what and where.</param>
public sealed record MetricPoll(IReadOnlyList<MetricSample> Samples, IReadOnlyList<string> Problems)
{
    /// <summary>Gets a poll that read nothing and found nothing wrong.</summary>
    public static MetricPoll Empty { get; } = new([], []);

    /// <summary>Creates a poll result with samples and no problems.</summary>
    /// <param name="samples">The samples.</param>
    /// <returns>The result.</returns>
    public static MetricPoll Of(IReadOnlyList<MetricSample> samples) => new(samples, []);
}
