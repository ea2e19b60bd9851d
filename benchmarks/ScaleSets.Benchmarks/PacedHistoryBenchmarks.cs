using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace ScaleSets.Benchmarks;

/// <summary>
/// The run history at production's pace: the same 1000 scale sets, runtime and history as
/// <see cref="HostedHistoryBenchmarks"/>, but each measured tick is one invocation, and before it the history's writer is
/// given the time it has in production between two ticks (15 s there; here until its queue is empty, at most 5 s of real
/// time). <see cref="HostedHistoryBenchmarks"/> runs ticks back to back, thousands of times production's rate, so its
/// writer never rests and competes with the measured thread for the machine's cores; this class measures what an
/// evaluation pays with the history on when the writer keeps up, as it does at 1000 sets deciding every 15 s. The setup
/// runs the 23 simulated hours the same way (the writer drains after every tick), so the measured ticks end a simulated
/// day against a database that holds everything recorded and is bounded by its retention.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 10, iterationCount: 60, invocationCount: 1)]
public class PacedHistoryBenchmarks
{
    private readonly HostedHistoryBenchmarks _run = new();

    [GlobalSetup(Target = nameof(PacedHistoryOff))]
    public void SetupOff() => _run.Setup(history: false, afterTick: null);

    [GlobalSetup(Target = nameof(PacedHistoryOn))]
    public void SetupOn() => _run.Setup(history: true, afterTick: _run.DrainHistory);

    [IterationSetup]
    public void GiveTheWriterItsTime() => _run.DrainHistory();

    [GlobalCleanup]
    public void Cleanup() => _run.Cleanup();

    /// <summary>One tick with the dashboard's runtime and no run history.</summary>
    [Benchmark(Baseline = true)]
    public void PacedHistoryOff() => _run.RunTick();

    /// <summary>One tick with the runtime and the run history as the host wires it, its writer caught up before the tick.</summary>
    [Benchmark]
    public void PacedHistoryOn() => _run.RunTick();
}
