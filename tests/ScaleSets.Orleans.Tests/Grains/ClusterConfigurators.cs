using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Reminders;
using Orleans.TestingHost;
using ScaleSets.Orleans.Hosting;

namespace ScaleSets.Orleans.Tests.Grains;

/// <summary>Each silo: clustering, grain storage and reminders on the test's PostgreSQL, scale sets on the simulated cloud, fast failure detection.</summary>
public sealed class SiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder)
    {
        siloBuilder
            .UseScaleSetsPostgreSql(TestCloud.ConnectionString)
            .AddScaleSets(_ => TestCloud.Backends, o =>
            {
                o.TimeProvider = TestCloud.Time;

                // The tests drive passes themselves (RunPassAsync) on the virtual clock; the timers stay out of the way.
                o.EvaluationInterval = TimeSpan.FromHours(1);
                o.ReconcileInterval = TimeSpan.FromHours(1);
            })
            .Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 1;
                o.NumVotesForDeathDeclaration = 1;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
            });
    }
}

/// <summary>The client: the cluster's membership from the same PostgreSQL, as a program outside the silos finds it.</summary>
public sealed class ClientConfigurator : IClientBuilderConfigurator
{
    public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
    {
        clientBuilder
            .UseScaleSetsPostgreSql(TestCloud.ConnectionString)
            .Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(30));
    }
}

/// <summary>
/// Each silo as <see cref="SiloConfigurator"/>, but the grains' timers and the reminders run on the test's virtual clock
/// (Orleans' keyed <see cref="TimeProvider"/>s for those two areas; membership and messaging keep real time), a minute
/// apart: advancing the clock ticks the grains as production time would. The grain storage tells the test of each row
/// write (<see cref="SignallingGrainStorage"/>, over the same PostgreSQL storage).
/// </summary>
public sealed class VirtualTimeSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder)
    {
        siloBuilder
            .UseScaleSetsPostgreSql(TestCloud.ConnectionString)
            .AddScaleSets(_ => TestCloud.Backends, o =>
            {
                o.TimeProvider = TestCloud.Time;
                o.EvaluationInterval = TimeSpan.FromMinutes(1);
                o.ReconcileInterval = TimeSpan.FromMinutes(1);
                o.WakeUpPeriod = TimeSpan.FromMinutes(1);
            })
            .ConfigureServices(services =>
            {
                SignallingGrainStorage.Decorate(services);
                services.AddKeyedSingleton<TimeProvider>(TimeProviderNames.Grains, (_, _) => TestCloud.Time);
                services.AddKeyedSingleton<TimeProvider>(ReminderTimeProviderNames.Reminders, (_, _) => TestCloud.Time);
            })
            .Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 1;
                o.NumVotesForDeathDeclaration = 1;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
            });
    }
}
