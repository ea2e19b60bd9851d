using System.CommandLine;
using System.Globalization;
using ScaleSets.Cli.Commands;

namespace ScaleSets.Cli.Bench;

/// <summary>
/// <c>scalesets cluster-bench --silos N --scale-sets S --rounds R --postgres CONNECTION</c>: measures a cluster of N
/// silos in this process running S scale sets against the simulated cloud (<see cref="ClusterBenchRunner"/>) and prints
/// CPU per evaluation round, the decision-to-provider-call latency and the failover time of a killed silo. Exits 0 when
/// it measured, 1 for invalid options (one <c>scalesets: …</c> line).
/// </summary>
internal static class ClusterBenchCommand
{
    public static Command Create()
    {
        var silos = new Option<int>("--silos") { Description = "Silos in this process (2 to 9); one, not the first, is killed at the end.", DefaultValueFactory = _ => 3 };
        var scaleSets = new Option<int>("--scale-sets") { Description = "Scale sets (1 to 100000).", DefaultValueFactory = _ => 1000 };
        var rounds = new Option<int>("--rounds") { Description = "Evaluation rounds: one evaluation and reconcile pass of every set, one virtual minute apart (1 to 1000).", DefaultValueFactory = _ => 3 };
        var concurrency = new Option<int>("--concurrency") { Description = "Grain calls in flight (1 to 10000).", DefaultValueFactory = _ => 64 };
        var changeRate = new Option<double>("--change-rate") { Description = "Share of sets whose capacity changes (1 to 2 or back) before each round (0 to 1).", DefaultValueFactory = _ => 0.1 };
        var seed = new Option<int>("--seed") { Description = "Seed of which sets change.", DefaultValueFactory = _ => 1 };
        var probeTimeout = new Option<string>("--probe-timeout") { Description = "Orleans' membership probe timeout (PT2S or hh:mm:ss); a silo is declared dead after two missed probes and one vote.", DefaultValueFactory = _ => "PT2S" };
        var postgres = new Option<string?>("--postgres") { Description = "Connection string of the PostgreSQL the silos keep membership, grain state and reminders in (Orleans' schema is applied if missing)." };
        var command = new Command("cluster-bench", "Measure an Orleans cluster of scale sets on PostgreSQL: CPU per evaluation round, decision-to-call latency, failover time.")
        {
            silos,
            scaleSets,
            rounds,
            concurrency,
            changeRate,
            seed,
            probeTimeout,
            postgres,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            ClusterBenchOptions options;
            try
            {
                options = new ClusterBenchOptions
                {
                    Silos = parseResult.GetValue(silos),
                    ScaleSets = parseResult.GetValue(scaleSets),
                    Rounds = parseResult.GetValue(rounds),
                    Concurrency = parseResult.GetValue(concurrency),
                    ChangeRate = parseResult.GetValue(changeRate),
                    Seed = parseResult.GetValue(seed),
                    ProbeTimeout = DurationArgument.ParsePositive(parseResult.GetValue(probeTimeout) ?? string.Empty, "--probe-timeout"),
                    ConnectionString = parseResult.GetValue(postgres) ?? string.Empty,
                };
            }
            catch (CliError ex)
            {
                return CliError.Report(error, ex.Message);
            }

            var problems = options.Validate();
            if (problems.Count > 0)
            {
                return CliError.Report(error, string.Join(" ", problems));
            }

            var report = await new ClusterBenchRunner(options, TimeProvider.System).RunAsync(cancellationToken).ConfigureAwait(false);
            foreach (var line in Lines(report))
            {
                await output.WriteLineAsync(line).ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }

    /// <summary>The report as printed, one figure a line.</summary>
    public static IEnumerable<string> Lines(ClusterBenchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var o = report.Options;
        var c = CultureInfo.InvariantCulture;
        yield return string.Create(c, $"cluster-bench silos={o.Silos} scale-sets={o.ScaleSets} rounds={o.Rounds} concurrency={o.Concurrency} change-rate={o.ChangeRate} seed={o.Seed}");
        yield return string.Create(c, $"  membership: ProbeTimeout={o.ProbeTimeout.TotalSeconds}s NumMissedProbesLimit=2 NumVotesForDeathDeclaration=1 TableRefreshTimeout=2s; the kill is an abrupt in-process stop of the silo's host (cancelled stop, disposed); CPU is this process's (all silos and the bench driving them), not PostgreSQL's");
        yield return string.Create(c, $"  define: {report.Define.TotalSeconds:F1} s wall ({o.ScaleSets / Math.Max(report.Define.TotalSeconds, 1e-3):F0} sets/s)");
        for (var i = 0; i < report.Rounds.Count; i++)
        {
            var r = report.Rounds[i];
            yield return string.Create(c, $"  round {i + 1}: wall {r.Wall.TotalSeconds:F2} s, cpu {r.Cpu.TotalSeconds:F2} s ({r.Cpu.TotalMilliseconds / o.ScaleSets:F3} ms per set)");
        }

        yield return "  sets per silo (last round, random placement): " + string.Join(", ", report.SetsPerSilo.Select(n => n.ToString(c)));

        // The first round activates nothing new (defining did) but runs the first reconcile of every set; later rounds are steady.
        var steady = report.Rounds.Count > 1 ? report.Rounds.Skip(1).ToList() : [.. report.Rounds];
        var cpu = steady.Average(r => r.Cpu.TotalSeconds);
        yield return string.Create(c, $"  cpu per round: {cpu:F2} s ({cpu * 1000 / o.ScaleSets:F3} ms per set evaluation and pass), wall {steady.Average(r => r.Wall.TotalSeconds):F2} s, mean of rounds {(report.Rounds.Count > 1 ? "2 to " + report.Rounds.Count.ToString(c) : "1")}");
        var sorted = report.Latencies.Order().ToList();
        yield return sorted.Count == 0
            ? string.Create(c, $"  decision to provider call: no capacity-changing decision caused a call ({report.Decisions} decisions)")
            : string.Create(c, $"  decision to provider call: n={sorted.Count} of {report.Decisions} decisions, p50 {Percentile(sorted, 0.5):F1} ms, p99 {Percentile(sorted, 0.99):F1} ms, max {sorted[^1]:F1} ms, {report.Unanswered} unanswered");
        yield return report.Failover is { } f
            ? string.Create(c, $"  failover: silo {f.Silo} killed holding {f.Sets} sets; first acting again after {f.First.TotalSeconds:F2} s, median {f.Median.TotalSeconds:F2} s, all {f.All.TotalSeconds:F2} s")
            : "  failover: not measured, the killed silo held no set";
    }

    private static double Percentile(List<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
}
