using System.CommandLine;
using ScaleSets.Sources;

namespace ScaleSets.Cli.Metrics;

/// <summary>
/// One kind of source <c>scalesets metrics</c> reads (<c>--haproxy</c>, <c>--prometheus</c>, …): its command-line options,
/// and the sources they describe. Adding a kind is one class and one line in <see cref="MetricsCommand"/>'s list.
/// </summary>
internal interface IMetricsSourceOptions
{
    /// <summary>Gets the options this kind adds to the command.</summary>
    IEnumerable<Option> Options { get; }

    /// <summary>Creates the sources the parsed options describe; none when the kind's options were not given.</summary>
    /// <param name="parse">The parsed command line.</param>
    /// <param name="polling">The interval, timeout and retries every source polls with.</param>
    /// <param name="time">The clock.</param>
    /// <returns>The sources.</returns>
    /// <exception cref="Commands.CliError">The options are incomplete or invalid; the message names the option.</exception>
    IReadOnlyList<RecordedSource> Create(ParseResult parse, PolledMetricSourceOptions polling, TimeProvider time);
}
