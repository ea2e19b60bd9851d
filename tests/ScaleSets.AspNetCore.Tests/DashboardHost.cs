using System.Reactive.Subjects;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using ScaleSets.Abstractions;
using ScaleSets.Hosting;
using ScaleSets.Metrics;
using ScaleSets.Simulation.Cloud;

namespace ScaleSets.AspNetCore.Tests;

/// <summary>
/// A real Kestrel host on 127.0.0.1 (port 0) running one scale set "web" against the simulated cloud on a fake clock, with
/// <c>app.MapScaleSets("/scalesets")</c>: the engine and controller run in virtual time, the HTTP side on the real one.
/// </summary>
internal sealed class DashboardHost : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    private const string Setting = """
        {
          "ScaleSets": {
            "web": {
              "Model": { "Version": "v1", "ImageReference": "golden.vhdx" },
              "Controller": { "Zones": [ "1", "2" ], "ReconcileInterval": "00:00:15", "InstanceWarmup": "00:02:00" },
              "Setting": {
                "name": "web",
                "profiles": [
                  {
                    "name": "default",
                    "capacity": { "minimum": 2, "maximum": 10, "default": 2 },
                    "rules": [
                      {
                        "name": "cpu-high",
                        "metricTrigger": { "metricName": "Percentage CPU", "timeWindow": "PT5M", "operator": "GreaterThan", "threshold": 70 },
                        "scaleAction": { "direction": "Increase", "type": "ChangeCount", "value": 2, "cooldown": "PT5M" }
                      },
                      {
                        "name": "cpu-low",
                        "metricTrigger": { "metricName": "Percentage CPU", "timeWindow": "PT10M", "operator": "LessThan", "threshold": 30 },
                        "scaleAction": { "direction": "Decrease", "type": "ChangeCount", "value": 1, "cooldown": "PT5M" }
                      }
                    ]
                  }
                ]
              }
            }
          }
        }
        """;

    private DashboardHost(WebApplication app, FakeTimeProvider time, SimulatedCloud cloud, Subject<MetricSample> cpu)
    {
        App = app;
        Time = time;
        Cloud = cloud;
        Cpu = cpu;
    }

    private DirectoryInfo? _directory;

    public WebApplication App { get; }

    public FakeTimeProvider Time { get; }

    public SimulatedCloud Cloud { get; }

    public Subject<MetricSample> Cpu { get; }

    public ScaleSetsRuntime Runtime => App.Services.GetRequiredService<ScaleSetsRuntime>();

    /// <summary>Gets the dashboard's address, for example <c>http://127.0.0.1:40123/scalesets</c>.</summary>
    public Uri Dashboard { get; private set; } = null!;

    /// <summary>Starts the host; its run history in <paramref name="historyPath"/>, or in a temporary folder deleted on dispose.</summary>
    public static async Task<DashboardHost> StartAsync(string? historyPath = null)
    {
        var directory = historyPath is null ? Directory.CreateTempSubdirectory("scalesets-dashboard-") : null;
        var time = new FakeTimeProvider(Start);
        var cloud = new SimulatedCloud(new SimulatedCloudOptions { CreateLatency = TimeSpan.FromSeconds(20), BootTime = TimeSpan.FromSeconds(60), BootTimeSpread = TimeSpan.Zero }, time);
        var cpu = new Subject<MetricSample>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Setting)));
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.Configure<ScaleSets.History.RunHistoryOptions>(o => o.DatabasePath = historyPath ?? Path.Combine(directory!.FullName, "history.db"));
        builder.Services.AddScaleSets(s => s.AddScaleSet("web", web => web
            .BindConfiguration("ScaleSets:web")
            .AddMetricSource(_ => cpu)
            .UseComputeProvider(_ => cloud.Compute)
            .UseLoadBalancer(_ => cloud.LoadBalancer)));
        var app = builder.Build();
        app.MapScaleSets("/scalesets");
        var host = new DashboardHost(app, time, cloud, cpu) { _directory = directory };
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        host.Dashboard = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/scalesets");
        return host;
    }

    /// <summary>Runs <paramref name="steps"/> steps of 30 virtual seconds; each reports <paramref name="load"/>(step) percent of one instance's CPU spread over the ready instances.</summary>
    public async Task RunAsync(int steps, Func<int, double> load)
    {
        for (var step = 0; step < steps; step++)
        {
            var ready = Cloud.GetMembers("web").Where(m => m.State == LoadBalancerMemberState.Ready).Select(m => m.InstanceId).ToList();
            foreach (var instance in ready)
            {
                Cpu.OnNext(new MetricSample("Percentage CPU", MetricSourceKind.Host, Math.Min(100, load(step) / ready.Count), Time.GetUtcNow(), instance));
            }

            for (var second = 0; second < 30; second++)
            {
                Time.Advance(TimeSpan.FromSeconds(1));
                await Task.Yield();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Cpu.Dispose();
        _directory?.Delete(recursive: true);
    }
}
