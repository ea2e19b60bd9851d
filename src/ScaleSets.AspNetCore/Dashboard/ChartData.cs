using ScaleSets.Hosting;

namespace ScaleSets.AspNetCore.Dashboard;

/// <summary>What a set's chart draws: its evaluations oldest first, its actions, and a note when older points could not be read.</summary>
/// <param name="Points">The evaluations: from the durable history before the runtime's ring, then the ring.</param>
/// <param name="Actions">The capacity changes in the chart's window, each with its explanation.</param>
/// <param name="Note">Why older points are missing (the database's error), or <see langword="null"/>.</param>
internal sealed record ChartData(IReadOnlyList<ScaleSetHistoryPoint> Points, IReadOnlyList<ChartAction> Actions, string? Note);
