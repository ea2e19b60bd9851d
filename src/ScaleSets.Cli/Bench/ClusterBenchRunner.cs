using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using ScaleSets.Cli.Soak;
using ScaleSets.Orleans.Grains;
using ScaleSets.Orleans.Hosting;
using ScaleSets.Simulation.Cloud;
using ScaleSets.Simulation.Time;

namespace ScaleSets.Cli.Bench;

/// <summary>
/// <c>scalesets cluster-bench</c>: N Orleans silos in this process on a real PostgreSQL run many scale sets as grains
/// against one simulated cloud. It defines every set, then runs rounds (one evaluation and one reconcile pass of every
/// set through <see cref="IScaleSetGrain.RunPassAsync"/>, as the grain's timers run them, one virtual minute apart)
/// measuring each round's wall and process CPU time and each capacity-changing decision's wall time to its provider
/// call; then it kills a silo abruptly and measures how long until every one of its sets completed a pass on another.
/// </summary>
internal sealed class ClusterBenchRunner
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly ClusterBenchOptions _options;
    private readonly TimeProvider _wall;
    private readonly List<SoakSilo> _silos = [];

    public ClusterBenchRunner(ClusterBenchOptions options, TimeProvider wall)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(wall);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid cluster bench options:" + Environment.NewLine + string.Join(Environment.NewLine, errors), nameof(options));
        }

        _options = options;
        _wall = wall;
    }

    /// <summary>
    /// Configures a bench silo: its failure detection (the probe timeout from the options), and random placement, as
    /// the bench calls every grain through its first silo and Orleans' default placement would keep most of them there.
    /// </summary>
    public static void Configure(ISiloBuilder silo, TimeSpan probeTimeout)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = probeTimeout;
            o.NumMissedProbesLimit = 2;
            o.NumVotesForDeathDeclaration = 1;
            o.TableRefreshTimeout = TimeSpan.FromSeconds(2);
        });
        silo.Services.AddSingleton<PlacementStrategy, RandomPlacement>();
    }

    public async Task<ClusterBenchReport> RunAsync(CancellationToken cancellationToken)
    {
        var o = _options;
        var time = new VirtualTimeProvider(Start);
        var cloud = new SimulatedCloud(
            new SimulatedCloudOptions { Seed = o.Seed, CreateLatency = TimeSpan.Zero, OperationLatency = TimeSpan.Zero, BootTime = TimeSpan.FromSeconds(20), BootTimeSpread = TimeSpan.Zero },
            time);
        var timer = new DecisionTimer(_wall);
        var backends = new BenchBackends(cloud, timer);
        var rng = new Random(o.Seed);
        var clusterId = string.Create(CultureInfo.InvariantCulture, $"bench-{o.Seed}-{Guid.NewGuid():N}");
        await PostgreSqlSchema.ApplyAsync(o.ConnectionString, cancellationToken).ConfigureAwait(false);
        try
        {
            for (var i = 0; i < o.Silos; i++)
            {
                _silos.Add(await SoakSilo.StartAsync(o.ConnectionString, clusterId, backends, time, silo => Configure(silo, o.ProbeTimeout), cancellationToken).ConfigureAwait(false));
            }

            var sets = Enumerable.Range(0, o.ScaleSets).Select(i => string.Create(CultureInfo.InvariantCulture, $"bench-{i}")).ToArray();
            var capacity = sets.ToDictionary(s => s, _ => 1, StringComparer.Ordinal);
            var started = _wall.GetTimestamp();
            await ForEachAsync(sets, set => CallAsync(g => g.GetGrain<IScaleSetGrain>(set).DefineAsync(new ScaleSetDefinition
            {
                SettingJson = Setting(set, 1),
                Model = new ScaleSetModelSpec { Version = "v1", ImageReference = "image-v1" },
                InitialCapacity = 1,
            })), cancellationToken).ConfigureAwait(false);
            var define = _wall.GetElapsedTime(started);

            var rounds = new List<BenchRound>();
            var silos = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var round = 0; round < o.Rounds; round++)
            {
                time.Advance(TimeSpan.FromMinutes(1));
                var changed = sets.Where(_ => rng.NextDouble() < o.ChangeRate).ToList();
                foreach (var set in changed)
                {
                    capacity[set] = 3 - capacity[set];
                }

                // Setting changes are not part of the round: its evaluations are what decide the new capacities.
                await ForEachAsync(changed, set => CallAsync(g => g.GetGrain<IScaleSetGrain>(set).UpdateSettingAsync(Setting(set, capacity[set]))), cancellationToken).ConfigureAwait(false);
                var cpu = Cpu();
                started = _wall.GetTimestamp();
                await ForEachAsync(sets, async set =>
                {
                    var status = await CallAsync(g => g.GetGrain<IScaleSetGrain>(set).RunPassAsync()).ConfigureAwait(false);
                    lock (silos)
                    {
                        silos[set] = status.Silo ?? string.Empty;
                    }
                }, cancellationToken).ConfigureAwait(false);
                rounds.Add(new BenchRound(_wall.GetElapsedTime(started), Cpu() - cpu));
            }

            var placement = silos.Values.GroupBy(v => v, StringComparer.Ordinal).Select(g => g.Count()).OrderDescending().ToList();
            var failover = await KillAsync(silos, time, cancellationToken).ConfigureAwait(false);
            return new ClusterBenchReport(o, define, rounds, placement, timer.Decisions, timer.Latencies(), timer.Unanswered, failover);
        }
        finally
        {
            foreach (var silo in _silos)
            {
                await silo.StopAsync().ConfigureAwait(false);
            }

            _silos.Clear();
        }
    }

    /// <summary>A setting whose minimum and maximum are <paramref name="capacity"/>: the bench sets each set's capacity through it.</summary>
    private static string Setting(string set, int capacity) => string.Create(CultureInfo.InvariantCulture, $$"""
        { "name": "{{set}}", "profiles": [ { "name": "fixed", "capacity": { "minimum": {{capacity}}, "maximum": {{capacity}}, "default": {{capacity}} }, "rules": [] } ] }
        """);

    private static TimeSpan Cpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    /// <summary>
    /// Kills the silo (not the first, which the bench calls through) holding the most sets, then runs a pass of each of
    /// its sets until one completes on another silo, timing each from the kill.
    /// </summary>
    private async Task<BenchFailover?> KillAsync(Dictionary<string, string> silos, VirtualTimeProvider time, CancellationToken cancellationToken)
    {
        var victim = _silos.Skip(1).MaxBy(s => silos.Values.Count(v => string.Equals(v, s.Address, StringComparison.Ordinal)))!;
        var sets = silos.Where(s => string.Equals(s.Value, victim.Address, StringComparison.Ordinal)).Select(s => s.Key).ToList();
        if (sets.Count == 0)
        {
            return null;
        }

        time.Advance(TimeSpan.FromMinutes(1));
        _silos.Remove(victim);
        var killed = _wall.GetTimestamp();
        await victim.KillAsync().ConfigureAwait(false);
        var times = new List<TimeSpan>();
        await ForEachAsync(sets, async set =>
        {
            while (true)
            {
                var status = await CallAsync(g => g.GetGrain<IScaleSetGrain>(set).RunPassAsync()).ConfigureAwait(false);
                if (!string.Equals(status.Silo, victim.Address, StringComparison.Ordinal))
                {
                    var elapsed = _wall.GetElapsedTime(killed);
                    lock (times)
                    {
                        times.Add(elapsed);
                    }

                    return;
                }
            }
        }, cancellationToken).ConfigureAwait(false);
        times.Sort();
        return new BenchFailover(victim.Address, sets.Count, times[0], times[times.Count / 2], times[^1]);
    }

    private Task ForEachAsync<T>(IEnumerable<T> items, Func<T, Task> body, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency, CancellationToken = cancellationToken }, async (item, _) => await body(item).ConfigureAwait(false));

    /// <summary>
    /// Calls the cluster through the first silo until it serves the call: a call to a set whose silo was killed fails
    /// until the cluster declares that silo dead, and the first call to an activation fenced by a newer one fails too.
    /// </summary>
    private async Task<T> CallAsync<T>(Func<IGrainFactory, Task<T>> call)
    {
        var waited = _wall.GetTimestamp();
        while (true)
        {
            try
            {
                return await call(_silos[0].Grains).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsFailover(ex) && _wall.GetElapsedTime(waited) < TimeSpan.FromMinutes(5))
            {
            }
        }
    }

    private Task<bool> CallAsync(Func<IGrainFactory, Task> call) => CallAsync(async g =>
    {
        await call(g).ConfigureAwait(false);
        return true;
    });

    private static bool IsFailover(Exception ex) =>
        ex is SiloUnavailableException or TimeoutException or OrleansMessageRejectionException or global::Orleans.Storage.InconsistentStateException;
}
