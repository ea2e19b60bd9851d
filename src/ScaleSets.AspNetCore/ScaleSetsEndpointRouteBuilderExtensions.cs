using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ScaleSets.AspNetCore.Api;
using ScaleSets.AspNetCore.Dashboard;
using ScaleSets.History;
using ScaleSets.Hosting;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the ScaleSets status endpoints and dashboard into an ASP.NET Core application.</summary>
public static class ScaleSetsEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps, under <paramref name="path"/>: the dashboard (<c>GET {path}</c>), every running scale set's status as JSON
    /// (<c>GET {path}/api/sets</c>), one set's (<c>GET {path}/api/sets/{name}</c>, 404 with a message for an unknown set)
    /// and its recent history (<c>GET {path}/api/sets/{name}/history</c>), and the durable run history
    /// (<c>GET {path}/api/history?set=&amp;since=&amp;until=&amp;kind=&amp;cause=&amp;limit=</c>: 400 naming a malformed parameter,
    /// 404 for an unknown scale set, 503 when the database is unavailable). Nothing is mapped unless this is called; apply the
    /// host's authorization to the returned group, for example <c>app.MapScaleSets("/ops").RequireAuthorization("operators")</c>.
    /// </summary>
    /// <param name="endpoints">The application's endpoints.</param>
    /// <param name="path">The path prefix, for example <c>/scalesets</c>.</param>
    /// <returns>The endpoint group, for the host's conventions (authorization, rate limiting, CORS).</returns>
    /// <exception cref="InvalidOperationException">ScaleSets hosting is not registered (<c>services.AddScaleSets(...)</c>).</exception>
    public static RouteGroupBuilder MapScaleSets(this IEndpointRouteBuilder endpoints, string path = "/scalesets")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (endpoints.ServiceProvider.GetService<ScaleSetsRuntime>() is null)
        {
            throw new InvalidOperationException("MapScaleSets needs ScaleSets hosting: call services.AddScaleSets(...) first.");
        }

        var group = endpoints.MapGroup(path);
        group.MapGet("/", (ScaleSetsRuntime runtime, HttpContext context) => DashboardEndpoint.RenderAsync(runtime, context));
        group.MapGet("/api/sets", (ScaleSetsRuntime runtime) => StatusEndpoints.All(runtime));
        group.MapGet("/api/sets/{name}", (ScaleSetsRuntime runtime, string name) => StatusEndpoints.One(runtime, name));
        group.MapGet("/api/sets/{name}/history", (ScaleSetsRuntime runtime, string name) => StatusEndpoints.History(runtime, name));
        group.MapGet("/api/history", (IRunHistory history, ScaleSetsRuntime runtime, TimeProvider time, HttpContext context) => HistoryEndpoint.GetAsync(history, runtime, time, context));
        return group;
    }
}
