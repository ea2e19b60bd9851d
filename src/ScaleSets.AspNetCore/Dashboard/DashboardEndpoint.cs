using System.Reflection;
using Microsoft.AspNetCore.Http;
using ScaleSets.Hosting;

namespace ScaleSets.AspNetCore.Dashboard;

/// <summary>Serves the dashboard page: every running scale set, rendered on the server with its stylesheet inlined.</summary>
internal static class DashboardEndpoint
{
    private static readonly Lazy<string> Css = new(() =>
    {
        using var stream = typeof(DashboardEndpoint).Assembly.GetManifestResourceStream("ScaleSets.AspNetCore.dashboard.css")
            ?? throw new InvalidOperationException("the dashboard's stylesheet is missing from the ScaleSets.AspNetCore assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static IResult Render(ScaleSetsRuntime runtime, HttpContext context)
    {
        var sets = runtime.GetStatus();
        var page = DashboardPage.Render(sets, name => runtime.GetRecentHistory(name), Css.Value, context.Request.PathBase + context.Request.Path);
        context.Response.Headers.CacheControl = "no-store";
        return Results.Content(page, "text/html; charset=utf-8");
    }

    internal static Assembly Assembly => typeof(DashboardEndpoint).Assembly;
}
