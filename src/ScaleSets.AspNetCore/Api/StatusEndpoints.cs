using Microsoft.AspNetCore.Http;
using ScaleSets.Hosting;

namespace ScaleSets.AspNetCore.Api;

/// <summary>The JSON endpoints: every set's status, one set's, one set's recent history.</summary>
internal static class StatusEndpoints
{
    public static IResult All(ScaleSetsRuntime runtime) => Results.Json(runtime.GetStatus(), StatusJson.Options);

    public static IResult One(ScaleSetsRuntime runtime, string name) =>
        runtime.TryGetStatus(name, out var status) ? Results.Json(status, StatusJson.Options) : Unknown(runtime, name);

    public static IResult History(ScaleSetsRuntime runtime, string name) =>
        runtime.TryGetStatus(name, out _) ? Results.Json(runtime.GetRecentHistory(name), StatusJson.Options) : Unknown(runtime, name);

    private static IResult Unknown(ScaleSetsRuntime runtime, string name)
    {
        var running = runtime.ScaleSetNames;
        var known = running.Count == 0 ? "no scale set is running" : "running: " + string.Join(", ", running);
        return Results.Json(new { error = $"no scale set named '{name}' is running ({known})" }, StatusJson.Options, statusCode: StatusCodes.Status404NotFound);
    }
}
