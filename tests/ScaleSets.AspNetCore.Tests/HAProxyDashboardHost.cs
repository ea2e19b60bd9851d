using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using ScaleSets.HAProxy.Tests.Integration;
using ScaleSets.Hosting;
using ScaleSets.Packaging.Tests;
using ScaleSets.Simulation.Cloud;
using ScaleSets.Sources;

namespace ScaleSets.AspNetCore.Tests;

/// <summary>
/// The hosted sample of the Hosting README (<c>hosted-haproxy</c>: its <c>haproxy.cfg</c> and <c>appsettings.json</c>, read
/// from the README) behind a real HAProxy, in a Kestrel host on 127.0.0.1 with <c>app.MapScaleSets("/scalesets")</c> and
/// its run history in a SQLite file. Instances are the simulated cloud's, each backed by a real HTTP server on loopback
/// (as in the HAProxy tests), so HAProxy's health checks and request counts are real. The engine, the HAProxy metrics
/// source's polls and the controller run on a fake clock the test moves; HAProxy and the requests run in real time, each
/// wait bounded. The sample's rule threshold is lowered from 50 to 2 requests per second per instance, so a test sends
/// tens of requests per step instead of hundreds.
/// </summary>
internal sealed class HAProxyDashboardHost : IAsyncDisposable
{
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(5);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private HAProxyDashboardHost(WebApplication app, FakeTimeProvider time, SampleHAProxy haproxy, LoopbackComputeProvider compute)
    {
        App = app;
        Time = time;
        HAProxy = haproxy;
        Compute = compute;
    }

    public WebApplication App { get; }

    public FakeTimeProvider Time { get; }

    public SampleHAProxy HAProxy { get; }

    public LoopbackComputeProvider Compute { get; }

    public ScaleSetsRuntime Runtime => App.Services.GetRequiredService<ScaleSetsRuntime>();

    public PolledMetricSource Source => App.Services.GetRequiredKeyedService<PolledMetricSource>("web");

    public Uri Dashboard { get; private set; } = null!;

    public static async Task<HAProxyDashboardHost> StartAsync(string historyPath, DateTimeOffset start)
    {
        var readme = ReadmeSamples.Read(Path.Combine(RepositoryRoot(), "src", "ScaleSets.Extensions", "README.md"));
        var files = readme.FilesOf("hosted-haproxy");
        var haproxy = await SampleHAProxy.StartAsync(files["haproxy.cfg"], "/tmp/scalesets-sample/admin.sock", "127.0.0.1:8080");
        // The metrics source's first poll, and its retries on the fake clock, must find HAProxy listening.
        await UntilAsync(() => File.Exists(haproxy.SocketPath), TimeSpan.FromSeconds(10), () => $"HAProxy's admin socket {haproxy.SocketPath}; HAProxy said:{Environment.NewLine}{haproxy.Output}");
        var time = new FakeTimeProvider(start);
        var cloud = new SimulatedCloud(new SimulatedCloudOptions { CreateLatency = TimeSpan.FromSeconds(5), BootTime = TimeSpan.FromSeconds(10), BootTimeSpread = TimeSpan.Zero }, time);
        var compute = new LoopbackComputeProvider(cloud.Compute);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(files["appsettings.json"])));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HAProxy:SocketAddress"] = haproxy.SocketPath,
            ["Sample:Frontend"] = haproxy.FrontendUri,
            ["ScaleSets:web:Setting:profiles:0:rules:0:metricTrigger:threshold"] = "2",
            ["ScaleSets:web:Setting:profiles:0:rules:1:metricTrigger:threshold"] = "0.5",
        });
        builder.Services.AddSingleton<TimeProvider>(time);
        var configuration = builder.Configuration;
        builder.Services.AddScaleSets(scaleSets => scaleSets
            .BindEngineConfiguration("ScaleSets:Engine")
            .ConfigureHistory(history => history.DatabasePath = historyPath)
            .AddScaleSet("web", web => web
                .BindConfiguration("ScaleSets:web")
                .UseComputeProvider(_ => compute)
                .AddHAProxyLoadBalancer(options => configuration.GetSection("HAProxy").Bind(options))
                .AddHAProxyMetrics(metrics => metrics.Polling.Interval = Step)));
        var app = builder.Build();
        app.MapScaleSets("/scalesets");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new HAProxyDashboardHost(app, time, haproxy, compute) { Dashboard = new Uri(address + "/scalesets") };
    }

    /// <summary>
    /// Runs steps of one poll interval until <paramref name="done"/>: <paramref name="requests"/> real requests through
    /// HAProxy's frontend, then the clock on by one second at a time (the controller reconciles every second) to the next
    /// poll, and a bounded real wait for that poll to end.
    /// </summary>
    public async Task RunUntilAsync(int requests, Func<bool> done, int maxSteps, string what)
    {
        for (var step = 0; step < maxSteps; step++)
        {
            for (var i = 0; i < requests; i++)
            {
                try
                {
                    using var response = await Http.GetAsync(new Uri(HAProxy.FrontendUri));
                }
                catch (HttpRequestException)
                {
                    // No server up yet: HAProxy refused; the rate counts what it answered.
                }
            }

            var polled = Time.GetUtcNow() + Step;
            for (var second = 0; second < Step.TotalSeconds; second++)
            {
                Time.Advance(TimeSpan.FromSeconds(1));
                await Task.Yield();
            }

            // The source sets its next poll once the last one ended, which can be a moment after the test saw it end:
            // when the poll is not done after a real second, the clock goes on a second more (at most ten times).
            for (var extra = 0; !await PolledAsync(polled); extra++)
            {
                if (extra == 10)
                {
                    Assert.Fail($"{what}, step {step}: the HAProxy metrics poll of {polled:HH:mm:ss} did not end (last poll: {Source.LastStatus?.Time:HH:mm:ss}, clock {Time.GetUtcNow():HH:mm:ss})");
                }

                Time.Advance(TimeSpan.FromSeconds(1));
            }

            if (done())
            {
                return;
            }
        }

        Assert.Fail($"{what}: not reached in {maxSteps} steps of {Step.TotalSeconds:0} s; HAProxy said:{Environment.NewLine}{HAProxy.Output}");
    }

    /// <summary>Waits a real second at most for the poll of <paramref name="time"/> or later to end.</summary>
    private async Task<bool> PolledAsync(DateTimeOffset time)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (Source.LastStatus is not { } status || status.Time < time)
        {
            if (TimeProvider.System.GetElapsedTime(started) > TimeSpan.FromSeconds(1))
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System);
        }

        return true;
    }

    /// <summary>Waits in real time, bounded, for a condition of HAProxy's or the host's.</summary>
    public static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, Func<string> what)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            if (TimeProvider.System.GetElapsedTime(started) > timeout)
            {
                Assert.Fail($"{what()}: not reached within {timeout.TotalSeconds:0} s");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The clock keeps moving while the host stops, so a drain or a poll waiting on it ends.
        var stopping = App.StopAsync();
        while (!stopping.IsCompleted)
        {
            Time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(stopping, Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System));
        }

        await stopping;
        await App.DisposeAsync();
        await Compute.DisposeAsync();
        await HAProxy.DisposeAsync();
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ScaleSets.slnx")) && !Directory.Exists(Path.Combine(directory.FullName, ".git")) && !File.Exists(Path.Combine(directory.FullName, ".git")))
        {
            directory = directory.Parent;
        }

        Assert.That(directory, Is.Not.Null, "the repository root (with .git) above the test directory");
        return directory!.FullName;
    }
}
