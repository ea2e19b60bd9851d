using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;
using ScaleSets.Abstractions;
using ScaleSets.Metrics;
using ScaleSets.Orleans.Client;
using ScaleSets.Orleans.Grains;
using ScaleSets.Orleans.Hosting;
using ScaleSets.Orleans.Tests.Hosting;

namespace ScaleSets.Orleans.Tests.Grains;

/// <summary>
/// A three-silo TestingHost cluster per test whose membership, grain storage and reminders are a real PostgreSQL (a child
/// process of the fixture, a fresh database per test), acting on the simulated cloud on one virtual clock; and the steps
/// the cluster tests share (passes retried through a failover, killing the silo a set runs on, settings).
/// </summary>
public abstract class ClusterTestBase
{
    protected const string Set = "web";
    private PostgresServer _postgres = null!;

    protected TestCluster Cluster { get; private set; } = null!;

    protected ScaleSetsClient Client { get; private set; } = null!;

    protected IScaleSetGrain Grain => Cluster.Client.GetGrain<IScaleSetGrain>(Set);

    [OneTimeSetUp]
    public async Task StartPostgres() => _postgres = await PostgresServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopPostgres() => await _postgres.DisposeAsync();

    [SetUp]
    public async Task StartCluster()
    {
        TestCloud.Reset();
        TestCloud.ConnectionString = await _postgres.CreateDatabaseAsync();
        var builder = new TestClusterBuilder(3);
        builder.Options.UseTestClusterMembership = false;
        AddSiloConfigurator(builder);
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        Client = new ScaleSetsClient(Cluster.Client);
    }

    [TearDown]
    public async Task StopCluster()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();

        // Each test has its own database, so its own connection pools: closed here, or they fill the server's slots.
        Npgsql.NpgsqlConnection.ClearAllPools();
    }

    /// <summary>Adds the silos' configurator: <see cref="SiloConfigurator"/> unless a fixture needs another.</summary>
    protected virtual void AddSiloConfigurator(TestClusterBuilder builder) => builder.AddSiloBuilderConfigurator<SiloConfigurator>();

    protected static ScaleSetDefinition Definition(int minimum, int initial, double threshold = 1000, string cooldown = "PT5M") => new()
    {
        SettingJson = SettingJson(minimum, maximum: 10, threshold, cooldown),
        Model = new ScaleSetModelSpec { Version = "v1", ImageReference = "golden.vhdx" },
        InitialCapacity = initial,
    };

    /// <summary>One profile with a CPU rule: above <paramref name="threshold"/> (averaged over five minutes) adds one instance.</summary>
    protected static string SettingJson(int minimum, int maximum, double threshold = 1000, string cooldown = "PT5M") => string.Create(CultureInfo.InvariantCulture, $$"""
        {
          "name": "{{Set}}",
          "profiles": [
            {
              "name": "default",
              "capacity": { "minimum": {{minimum}}, "maximum": {{maximum}}, "default": {{minimum}} },
              "rules": [
                {
                  "name": "cpu-high",
                  "metricTrigger": { "metricName": "Percentage CPU", "timeWindow": "PT5M", "operator": "GreaterThan", "threshold": {{threshold}} },
                  "scaleAction": { "direction": "Increase", "type": "ChangeCount", "value": 1, "cooldown": "{{cooldown}}" }
                }
              ]
            }
          ]
        }
        """);

    /// <summary>Kills (abruptly, no graceful shutdown) the silo the set's activation runs on; returns its address.</summary>
    protected async Task<string> KillOwnerAsync(string owner)
    {
        await Cluster.KillSiloAsync(Cluster.GetActiveSilos().Single(s => s.SiloAddress.ToString() == owner));
        return owner;
    }

    /// <summary>Sends every instance's CPU at <paramref name="percent"/> now, in one batch.</summary>
    protected Task SendCpuAsync(double percent)
    {
        var now = TestCloud.Time.GetUtcNow();
        var samples = TestCloud.Cloud.GetInstances(Set).Select(i => new MetricSample("Percentage CPU", MetricSourceKind.Host, percent, now, i.Id)).ToArray();
        return RetryAsync(() => Client.SendMetricsAsync(Set, samples));
    }

    /// <summary>One pass (<see cref="IScaleSetGrain.RunPassAsync"/>), retried while the cluster cannot serve it (a dead silo not yet declared dead).</summary>
    protected Task<ScaleSetStatus> PassAsync() => RetryAsync(() => Grain.RunPassAsync());

    /// <summary>
    /// Calls <paramref name="call"/> until the cluster serves it: a call to a silo killed but not yet declared dead fails,
    /// and so does the first call to an activation fenced by a newer one. The wait is the cluster's real failure detection.
    /// </summary>
    protected static async Task<T> RetryAsync<T>(Func<Task<T>> call)
    {
        var failover = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception ex) when (IsFailover(ex) && failover.Elapsed < TimeSpan.FromSeconds(90))
            {
            }
        }
    }

    protected static Task RetryAsync(Func<Task> call) => RetryAsync(async () =>
    {
        await call();
        return true;
    });

    /// <summary>
    /// Runs passes a virtual minute apart until the set converges (and <paramref name="done"/> holds). A call the cluster
    /// cannot serve yet is retried (<see cref="RetryAsync{T}"/>).
    /// </summary>
    protected Task<ScaleSetStatus> ConvergeAsync(Func<ScaleSetStatus, bool>? done = null, Action? afterEachPass = null, int passes = 40) =>
        PassUntilAsync(s => s.Converged && (done is null || done(s)), afterEachPass, passes);

    /// <summary>Runs passes a virtual minute apart until <paramref name="done"/> holds (converged or not: an upgrade under way is not).</summary>
    protected async Task<ScaleSetStatus> PassUntilAsync(Func<ScaleSetStatus, bool> done, Action? afterEachPass = null, int passes = 40)
    {
        ScaleSetStatus? status = null;
        for (var pass = 0; pass < passes; pass++)
        {
            status = await PassAsync();
            afterEachPass?.Invoke();
            if (done(status))
            {
                return status;
            }

            TestCloud.Time.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Fail($"the set did not get there in {passes} passes; last status: desired {status?.DesiredCapacity}, instances {status?.Instances}, ready {status?.Ready}; events:{Environment.NewLine}{string.Join(Environment.NewLine, status?.RecentEvents ?? [])}");
        return status!;
    }

    /// <summary>Runs passes a virtual minute apart until one is held in <paramref name="held"/> (a create in flight); returns that pass, unfinished.</summary>
    protected async Task<Task<ScaleSetStatus>> PassUntilHeldAsync(Task held, int passes = 20)
    {
        ScaleSetStatus? status = null;
        for (var i = 0; i < passes; i++)
        {
            var pass = Grain.RunPassAsync();
            if (await Task.WhenAny(pass, held).WaitAsync(TimeSpan.FromSeconds(60)) == held)
            {
                return pass;
            }

            status = await pass;
            TestCloud.Time.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Fail($"no pass of {passes} sent the create the test waits for; instances {string.Join(", ", TestCloud.Cloud.GetInstances(Set).Select(i => $"{i.Id} {i.ModelVersion} {i.Health}"))}; events:{Environment.NewLine}{string.Join(Environment.NewLine, status?.RecentEvents ?? [])}");
        return null!;
    }

    /// <summary>Reads the set's row from PostgreSQL through a live silo's grain storage (the grain itself is not called).</summary>
    private protected async Task<ScaleSetGrainState> ReadRowAsync()
    {
        var storage = Cluster.GetActiveSilos().OfType<InProcessSiloHandle>().First().ServiceProvider.GetRequiredKeyedService<IGrainStorage>(ScaleSetsSiloOptions.StorageName);
        var row = new GrainState<ScaleSetGrainState>();
        await storage.ReadStateAsync("scaleset", Grain.GetGrainId(), row);
        return row.State ?? new ScaleSetGrainState();
    }

    /// <summary>Asserts what every failover must leave: distinct names, every instance in the pool and nothing else there.</summary>
    protected static void AssertNoDuplicateNoOrphan(int expected)
    {
        var instances = TestCloud.Cloud.GetInstances(Set);
        Assert.That(instances, Has.Count.EqualTo(expected));
        Assert.That(instances.Select(i => i.Name).Distinct(StringComparer.Ordinal).Count(), Is.EqualTo(expected), "no instance name twice");
        Assert.That(TestCloud.Cloud.GetMembers(Set).Select(m => m.InstanceId), Is.EquivalentTo(instances.Select(i => i.Id)), "the pool holds exactly the instances: no orphan");
        Assert.That(instances.All(i => i.Health == InstanceHealth.Healthy), Is.True, "every instance is healthy");
    }

    private static bool IsFailover(Exception ex) =>
        ex is SiloUnavailableException or TimeoutException or OrleansMessageRejectionException or InconsistentStateException;
}
