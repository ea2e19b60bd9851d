using System.Reactive.Subjects;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using ScaleSets.Abstractions;
using ScaleSets.History;
using ScaleSets.Hosting;
using ScaleSets.Metrics;
using ScaleSets.Simulation.Cloud;

namespace ScaleSets.Extensions.Tests.Hosting;

/// <summary>A generic host with one scale set "web" bound from JSON configuration, on a fake clock, against the simulated cloud.</summary>
internal sealed class HostFixture : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    public const string ValidJson = """
        {
          "ScaleSets": {
            "web": {
              "Model": { "Version": "v1", "ImageReference": "golden.vhdx" },
              "Controller": { "Zones": [ "1", "2" ], "ReconcileInterval": "00:00:15" },
              "Setting": {
                "name": "web",
                "profiles": [
                  {
                    "name": "default",
                    "capacity": { "minimum": 2, "maximum": 20, "default": 2 },
                    "rules": [
                      {
                        "name": "cpu-high",
                        "metricTrigger": { "metricName": "Percentage CPU", "timeWindow": "PT5M", "operator": "GreaterThan", "threshold": 70 },
                        "scaleAction": { "direction": "Increase", "type": "ChangeCount", "value": 2, "cooldown": "PT3M" }
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

    public HostFixture(string json, Action<IServiceCollection>? configureServices = null, Action<ScaleSetBuilder>? configureScaleSet = null)
    {
        Time = new FakeTimeProvider(Start);
        Cloud = new SimulatedCloud(new SimulatedCloudOptions { CreateLatency = TimeSpan.FromSeconds(20), BootTime = TimeSpan.FromSeconds(60), BootTimeSpread = TimeSpan.Zero }, Time);
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        _directory = Directory.CreateTempSubdirectory("scalesets-hosting-");
        File.WriteAllText(SettingsPath, json, Encoding.UTF8);
        builder.Configuration.AddJsonFile(SettingsPath, optional: false, reloadOnChange: false);
        builder.Services.AddSingleton<TimeProvider>(Time);
        builder.Services.Configure<RunHistoryOptions>(options => options.DatabasePath = HistoryPath);
        configureServices?.Invoke(builder.Services);
        builder.Services.AddScaleSets(scaleSets => scaleSets.AddScaleSet("web", web => web
            .BindConfiguration("ScaleSets:web")
            .AddMetricSource(_ => Cpu)
            .UseComputeProvider(_ => Cloud.Compute)
            .UseLoadBalancer(_ => Cloud.LoadBalancer)
            .Apply(configureScaleSet)));
        Host = builder.Build();
        Configuration = (IConfigurationRoot)Host.Services.GetRequiredService<IConfiguration>();
    }

    private readonly DirectoryInfo _directory;

    /// <summary>Gets the run history's SQLite database, in the fixture's temporary folder.</summary>
    public string HistoryPath => Path.Combine(_directory.FullName, "history.db");

    public string SettingsPath => Path.Combine(_directory.FullName, "appsettings.json");

    public FakeTimeProvider Time { get; }

    public SimulatedCloud Cloud { get; }

    public Subject<MetricSample> Cpu { get; } = new();

    public IHost Host { get; }

    public IConfigurationRoot Configuration { get; }

    public IReadOnlyList<string> ReadyInstances() =>
        [.. Cloud.GetMembers("web").Where(m => m.State == LoadBalancerMemberState.Ready).Select(m => m.InstanceId)];

    /// <summary>Runs <paramref name="steps"/> steps of 30 seconds; each reports <paramref name="load"/>(step) percent of one instance's CPU spread over the ready instances.</summary>
    public async Task RunAsync(int steps, Func<int, double> load)
    {
        for (var step = 0; step < steps; step++)
        {
            var ready = ReadyInstances();
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

    /// <summary>Rewrites appsettings.json and reloads the configuration, as a file watcher would.</summary>
    public void ChangeConfiguration(string json)
    {
        File.WriteAllText(SettingsPath, json, Encoding.UTF8);
        Configuration.Reload();
    }

    public void Dispose()
    {
        _directory.Delete(recursive: true);
        Host.Dispose();
        Cpu.Dispose();
    }
}

internal static class ScaleSetBuilderTestExtensions
{
    public static ScaleSetBuilder Apply(this ScaleSetBuilder builder, Action<ScaleSetBuilder>? configure)
    {
        configure?.Invoke(builder);
        return builder;
    }
}
