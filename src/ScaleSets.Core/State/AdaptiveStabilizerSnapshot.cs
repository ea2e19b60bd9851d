namespace ScaleSets.State;

/// <summary>The replays and scores of an adaptive scale-down window, one entry per candidate window.</summary>
public sealed record AdaptiveStabilizerSnapshot
{
    /// <summary>Gets the time of the last choice, or <see langword="null"/> before the first.</summary>
    public DateTimeOffset? Last { get; init; }

    /// <summary>Gets the window chosen last.</summary>
    public TimeSpan Window { get; init; }

    /// <summary>Gets each replay's ready instances.</summary>
    public IReadOnlyList<int> Ready { get; init; } = [];

    /// <summary>Gets each replay's instances serving at the last choice.</summary>
    public IReadOnlyList<int> Served { get; init; } = [];

    /// <summary>Gets each replay's booting batches (ready time, count), oldest first.</summary>
    public IReadOnlyList<IReadOnlyList<TimedCount>> Booting { get; init; } = [];

    /// <summary>Gets each replay's decayed count of under-provisioned evaluations.</summary>
    public IReadOnlyList<double> Under { get; init; } = [];

    /// <summary>Gets each replay's decayed count of over-provisioned evaluations.</summary>
    public IReadOnlyList<double> Over { get; init; } = [];

    /// <summary>Gets each replay's decayed relative shortfall.</summary>
    public IReadOnlyList<double> UnderGap { get; init; } = [];

    /// <summary>Gets each replay's decayed relative excess.</summary>
    public IReadOnlyList<double> OverGap { get; init; } = [];
}
