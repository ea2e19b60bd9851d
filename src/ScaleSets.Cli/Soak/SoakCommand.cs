using System.CommandLine;
using System.Globalization;
using ScaleSets.Cli.Commands;
using ScaleSets.Simulation.Soak;

namespace ScaleSets.Cli.Soak;

/// <summary>
/// <c>scalesets soak --seed S --instances N --fault-rate F --steps K [--batch-size B] [--warm-pool P]</c>: drives the scale set controller against the
/// simulated cloud with random changes and faults, prints every invariant with its checks and violations, and exits 0
/// only when none was violated (1 for a violation or invalid options, the latter as one <c>scalesets: …</c> line).
/// With <c>--cluster N --kill-silo-every DURATION --postgres CONNECTION</c> it runs the sets as Orleans grains on N
/// silos instead and kills silos at random (<see cref="ClusterSoakRunner"/>).
/// </summary>
internal static class SoakCommand
{
    public static Command Create()
    {
        var seed = new Option<int>("--seed") { Description = "Seed of the run; the same seed gives the same run.", DefaultValueFactory = _ => 1 };
        var instances = new Option<int>("--instances") { Description = "Largest capacity the run asks for (1 to 1000).", DefaultValueFactory = _ => 100 };
        var faultRate = new Option<double>("--fault-rate") { Description = "Share of failing calls and rate of injected faults (0 to 0.5).", DefaultValueFactory = _ => 0.1 };
        var steps = new Option<int>("--steps") { Description = "Number of steps, each one reconcile pass 30 virtual seconds apart.", DefaultValueFactory = _ => 500 };
        var zones = new Option<int>("--zones") { Description = "Number of zones (1 to 10).", DefaultValueFactory = _ => 3 };
        var batchSize = new Option<int>("--batch-size") { Description = "Instances per provider call, the controller's MaxBatchSize (1 to 1000).", DefaultValueFactory = _ => 1 };
        var warmPool = new Option<int>("--warm-pool") { Description = "Size of the set's warm pool (0 to 1000, 0 for none); its invariants are checked too.", DefaultValueFactory = _ => 0 };
        var cluster = new Option<int>("--cluster") { Description = "Run the sets as Orleans grains on this many silos (2 to 9) on PostgreSQL, killing silos at random; 0 (the default) soaks one controller in this process.", DefaultValueFactory = _ => 0 };
        var killEvery = new Option<string>("--kill-silo-every") { Description = "With --cluster: mean virtual time between silo kills (PT10M or hh:mm:ss).", DefaultValueFactory = _ => "PT10M" };
        var postgres = new Option<string?>("--postgres") { Description = "With --cluster: connection string of the PostgreSQL the silos keep membership, grain state and reminders in (Orleans' schema is applied if missing)." };
        var scaleSets = new Option<int>("--scale-sets") { Description = "With --cluster: number of scale sets (1 to 50).", DefaultValueFactory = _ => 3 };
        var command = new Command("soak", "Soak-test the scale set controller against the simulated cloud and check its invariants.")
        {
            seed,
            instances,
            faultRate,
            steps,
            zones,
            batchSize,
            warmPool,
            cluster,
            killEvery,
            postgres,
            scaleSets,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            if (parseResult.GetValue(cluster) != 0)
            {
                // The cluster soak runs its own sets (one zone each, calls one by one, no pool): refuse what it would ignore.
                var ignored = new[] { (Option)warmPool, zones, batchSize }.Where(o => parseResult.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToList();
                if (ignored.Count > 0)
                {
                    return CliError.Report(error, $"{string.Join(", ", ignored)}: not used with --cluster (they shape the single-process soak); leave {(ignored.Count == 1 ? "it" : "them")} out or drop --cluster.");
                }

                return await RunClusterAsync(parseResult, output, error, cluster, killEvery, postgres, scaleSets, seed, instances, faultRate, steps, cancellationToken).ConfigureAwait(false);
            }
            var options = new SoakOptions
            {
                Seed = parseResult.GetValue(seed),
                Instances = parseResult.GetValue(instances),
                FaultRate = parseResult.GetValue(faultRate),
                Steps = parseResult.GetValue(steps),
                Zones = parseResult.GetValue(zones),
                BatchSize = parseResult.GetValue(batchSize),
                WarmPoolSize = parseResult.GetValue(warmPool),
            };
            var problems = options.Validate();
            if (problems.Count > 0)
            {
                // One line in the tool's style and exit code, as every other command's errors.
                return CliError.Report(error, string.Join(" ", problems));
            }

            var report = await new SoakRunner(options).RunAsync(cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"soak seed={options.Seed} instances={options.Instances} fault-rate={options.FaultRate} steps={options.Steps} zones={options.Zones} batch-size={options.BatchSize}{(options.WarmPoolSize > 0 ? $" warm-pool={options.WarmPoolSize}" : string.Empty)}: {report.VirtualElapsed.TotalHours:F1} virtual hours, {report.InstancesCreated} instances created, {report.FaultsInjected} faults injected, {report.ControllerRestarts} controller restarts")).ConfigureAwait(false);
            foreach (var invariant in report.Invariants)
            {
                await output.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"  {invariant.Name,-18} checks={invariant.Checks,-8} violations={invariant.Violations}{(invariant.FirstViolation is null ? string.Empty : "  first: " + invariant.FirstViolation)}")).ConfigureAwait(false);
            }

            await output.WriteLineAsync(report.Passed ? "PASS" : string.Create(CultureInfo.InvariantCulture, $"FAIL: {report.Violations} violations")).ConfigureAwait(false);
            return report.Passed ? 0 : 1;
        });
        return command;
    }

    private static async Task<int> RunClusterAsync(
        ParseResult parseResult,
        TextWriter output,
        TextWriter error,
        Option<int> cluster,
        Option<string> killEvery,
        Option<string?> postgres,
        Option<int> scaleSets,
        Option<int> seed,
        Option<int> instances,
        Option<double> faultRate,
        Option<int> steps,
        CancellationToken cancellationToken)
    {
        ClusterSoakOptions options;
        try
        {
            options = new ClusterSoakOptions
            {
                Seed = parseResult.GetValue(seed),
                Silos = parseResult.GetValue(cluster),
                ScaleSets = parseResult.GetValue(scaleSets),
                Instances = parseResult.GetResult(instances) is { Implicit: false } ? parseResult.GetValue(instances) : 10,
                Steps = parseResult.GetResult(steps) is { Implicit: false } ? parseResult.GetValue(steps) : 200,
                FaultRate = parseResult.GetResult(faultRate) is { Implicit: false } ? parseResult.GetValue(faultRate) : 0.05,
                KillSiloEvery = DurationArgument.ParsePositive(parseResult.GetValue(killEvery) ?? string.Empty, "--kill-silo-every"),
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

        var report = await new ClusterSoakRunner(options).RunAsync(cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"soak --cluster {options.Silos} seed={options.Seed} scale-sets={options.ScaleSets} instances={options.Instances} steps={options.Steps} kill-silo-every={options.KillSiloEvery}: {report.VirtualElapsed.TotalHours:F1} virtual hours, {report.SiloKills} silos killed, {report.Activations} activations, {report.Actions} actions, {report.InstancesCreated} instances created, {report.FaultsInjected} faults injected")).ConfigureAwait(false);
        foreach (var invariant in report.Invariants)
        {
            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"  {invariant.Name,-18} checks={invariant.Checks,-8} violations={invariant.Violations}{(invariant.FirstViolation is null ? string.Empty : "  first: " + invariant.FirstViolation)}")).ConfigureAwait(false);
        }

        await output.WriteLineAsync(report.Passed ? "PASS" : string.Create(CultureInfo.InvariantCulture, $"FAIL: {report.Violations} violations")).ConfigureAwait(false);
        return report.Passed ? 0 : 1;
    }
}
