using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ScaleSets.History;
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

    public static async Task<IResult> RenderAsync(ScaleSetsRuntime runtime, HttpContext context)
    {
        var history = context.RequestServices.GetService<IRunHistory>();
        var self = (context.Request.PathBase + context.Request.Path).ToString();
        var sets = new List<(ScaleSetStatus, ChartData)>();
        foreach (var status in runtime.GetStatus())
        {
            sets.Add((status, await DashboardHistory.LoadAsync(runtime, history, status, self, context.RequestAborted).ConfigureAwait(false)));
        }

        var page = DashboardPage.Render(sets, Css.Value, self);
        context.Response.Headers.CacheControl = "no-store";
        return Results.Content(page, "text/html; charset=utf-8");
    }
}
