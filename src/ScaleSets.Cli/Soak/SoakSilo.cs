using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using ScaleSets.Orleans.Hosting;

namespace ScaleSets.Cli.Soak;

/// <summary>
/// One silo of the cluster soak: an Orleans host in this process on 127.0.0.1 (its own silo and gateway ports), with
/// membership, grain storage and reminders on the run's PostgreSQL, and scale set grains acting on the simulated cloud.
/// </summary>
internal sealed class SoakSilo
{
    private readonly IHost _host;

    private SoakSilo(IHost host, string address)
    {
        _host = host;
        Address = address;
    }

    /// <summary>Gets the silo's address (what a set's status names as its silo).</summary>
    public string Address { get; }

    /// <summary>Gets the silo's grain factory, to call any grain of the cluster.</summary>
    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public static Task<SoakSilo> StartAsync(string connectionString, string clusterId, IScaleSetBackendFactory backends, TimeProvider time, CancellationToken cancellationToken) =>
        StartAsync(connectionString, clusterId, backends, time, silo => silo.Configure<ClusterMembershipOptions>(FastDetection), cancellationToken);

    /// <summary>Starts a silo that <paramref name="configure"/> configures further (its failure detection, placement).</summary>
    public static async Task<SoakSilo> StartAsync(string connectionString, string clusterId, IScaleSetBackendFactory backends, TimeProvider time, Action<ISiloBuilder> configure, CancellationToken cancellationToken)
    {
        var siloPort = FreePort();
        var gatewayPort = FreePort();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo => configure(silo
            .UseScaleSetsPostgreSql(connectionString)
            .Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = clusterId;
            })
            .ConfigureEndpoints(IPAddress.Loopback, siloPort, gatewayPort)
            .AddScaleSets(_ => backends, o =>
            {
                o.TimeProvider = time;

                // The soak runs every pass itself, a step at a time in virtual time; the grain timers stay out of the way.
                o.EvaluationInterval = TimeSpan.FromHours(1);
                o.ReconcileInterval = TimeSpan.FromHours(1);
            })
            .Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10))));
        var host = builder.Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToString();
        return new SoakSilo(host, address);
    }

    /// <summary>The soak's failure detection: a killed silo is declared dead within seconds, so the steps wait little for the failover.</summary>
    public static void FastDetection(ClusterMembershipOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        o.ProbeTimeout = TimeSpan.FromSeconds(1);
        o.NumMissedProbesLimit = 1;
        o.NumVotesForDeathDeclaration = 1;
        o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
    }

    /// <summary>Stops the silo abruptly: no graceful shutdown, its activations are not deactivated (as a process killed).</summary>
    public async Task KillAsync()
    {
        using var now = new CancellationTokenSource();
        await now.CancelAsync().ConfigureAwait(false);
        try
        {
            await _host.StopAsync(now.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Expected: the stop was cut short on purpose.
        }

        _host.Dispose();
    }

    /// <summary>Stops the silo gracefully, at the end of the run.</summary>
    public async Task StopAsync()
    {
        await _host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        _host.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
