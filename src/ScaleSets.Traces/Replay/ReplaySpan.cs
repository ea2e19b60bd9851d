using System.Globalization;

namespace ScaleSets.Replay;

/// <summary>
/// The bound on how far a replay runs: a replay steps its virtual clock one evaluation at a time, so a time thousands
/// of years from the start (a typo, a zeroed field) would run for hours; such a time is refused before it is reached.
/// </summary>
internal sealed class ReplaySpan
{
    /// <summary>How far after the start of the calendar a time must be, so the engine's windows (which look back from each evaluation) fit.</summary>
    internal static readonly DateTimeOffset Earliest = new(2, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>How far before the end of the calendar a time must be, so the engine's windows and the replay's tail fit.</summary>
    internal static readonly DateTimeOffset Latest = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly DateTimeOffset _start;
    private readonly TimeSpan _interval;
    private readonly long _maxEvaluations;

    public ReplaySpan(DateTimeOffset start, TimeSpan interval, long maxEvaluations)
    {
        _start = start;
        _interval = interval;
        _maxEvaluations = maxEvaluations;
    }

    /// <summary>Throws when the replay cannot reach <paramref name="time"/> within its bound.</summary>
    /// <param name="time">The time the replay would reach.</param>
    /// <param name="what">What holds the time, for the message.</param>
    public void Check(DateTimeOffset time, string what)
    {
        if (time < Earliest)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{what} at {time:yyyy-MM-ddTHH:mm:ssZ} is too near the start of the calendar to replay (times must be from {Earliest:yyyy-MM-dd})"));
        }

        if (time >= Latest)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{what} at {time:yyyy-MM-ddTHH:mm:ssZ} is too near the end of the calendar to replay (times must be before {Latest:yyyy-MM-dd})"));
        }

        var evaluations = (time - _start).Ticks / _interval.Ticks;
        if (evaluations > _maxEvaluations)
        {
            throw new ArgumentException(string.Create(
                CultureInfo.InvariantCulture,
                $"{what} at {time:yyyy-MM-ddTHH:mm:ssZ} is {evaluations:N0} evaluations of {_interval} after the replay's start at {_start:yyyy-MM-ddTHH:mm:ssZ}, more than the {_maxEvaluations:N0} a replay runs (ReplayOptions.MaxEvaluations); replay part of the data with ReplayOptions.From and To"));
        }
    }
}
