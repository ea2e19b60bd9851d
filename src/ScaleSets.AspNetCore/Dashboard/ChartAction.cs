namespace ScaleSets.AspNetCore.Dashboard;

/// <summary>A capacity change marked on the chart: hover shows <paramref name="Explanation"/>, click goes to <paramref name="Href"/>.</summary>
/// <param name="Time">When it was decided.</param>
/// <param name="Id">The decision's id.</param>
/// <param name="From">The capacity before.</param>
/// <param name="To">The capacity after.</param>
/// <param name="Explanation">Why.</param>
/// <param name="Href">Its row in the decisions table, or its entry in the run history when it is older than the recent decisions.</param>
internal sealed record ChartAction(DateTimeOffset Time, string Id, int From, int To, string Explanation, string Href);
