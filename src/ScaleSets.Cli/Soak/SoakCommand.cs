using System.CommandLine;
using System.Globalization;
using ScaleSets.Cli.Commands;
using ScaleSets.Simulation.Soak;

namespace ScaleSets.Cli.Soak;

/// <summary>
/// <c>scalesets soak --seed S --instances N --fault-rate F --steps K [--batch-size B] [--warm-pool P]</c>: drives the scale set controller against the
/// simulated cloud with random changes and faults, prints every invariant with its checks and violations, and exits 0
/// only when none was violated (1 for a violation or invalid options, the latter as one <c>scalesets: …</c> line).
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
        var command = new Command("soak", "Soak-test the scale set controller against the simulated cloud and check its invariants.")
        {
            seed,
            instances,
            faultRate,
            steps,
            zones,
            batchSize,
            warmPool,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
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
}
