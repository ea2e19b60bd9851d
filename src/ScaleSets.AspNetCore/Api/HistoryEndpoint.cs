using Microsoft.AspNetCore.Http;
using ScaleSets.History;
using ScaleSets.Hosting;

namespace ScaleSets.AspNetCore.Api;

/// <summary>
/// <c>GET {path}/api/history?set=&amp;since=&amp;until=&amp;kind=&amp;cause=&amp;limit=</c>: the durable run history, answered by
/// <see cref="RunHistoryHttp"/> (200 with the entries, 400 naming a malformed parameter, 404 for an unknown scale set,
/// 503 when the database is unavailable) and written as it is.
/// </summary>
internal static class HistoryEndpoint
{
    public static async Task<IResult> GetAsync(IRunHistory history, ScaleSetsRuntime runtime, TimeProvider time, HttpContext context)
    {
        var query = context.Request.Query;
        var result = await RunHistoryHttp.GetAsync(
            history,
            runtime.ScaleSetNames,
            name => query.TryGetValue(name, out var value) ? value.ToString() : null,
            time.GetUtcNow(),
            context.RequestAborted).ConfigureAwait(false);
        return Results.Text(result.Body, RunHistoryHttpResult.ContentType, statusCode: result.StatusCode);
    }
}
