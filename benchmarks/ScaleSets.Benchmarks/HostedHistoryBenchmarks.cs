using System.Diagnostics;
using System.Reactive.Concurrency;
using BenchmarkDotNet.Attributes;
using ScaleSets.Engine;
using ScaleSets.History;
using ScaleSets.Hosting;
using ScaleSets.Metrics;
using ScaleSets.Model;

namespace ScaleSets.Benchmarks;

/// <summary>
/// The run history as a host keeps it, under load: 1000 scale sets evaluated every 15 s with the runtime that feeds the
/// dashboard (<see cref="ScaleSetsRuntime"/>), and the run history wired as <c>AddScaleSets()</c> wires it (its hosted
/// service records every reported decision and one evaluation per set a minute) against the same ticks without it. The
/// load moves each set's CPU between 90% and 10% every 10 minutes (sets out of phase), so every set scales out and in
/// and its decisions are recorded. The setup first runs 23 simulated hours, so the measured ticks are the end of a
/// simulated day against a database bounded by its retention (6 hours); the counts and size are printed at the end.
/// </summary>
[MemoryDiagnoser]
public class HostedHistoryBenchmarks
{
    private const int ScaleSets = 1000;
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Before = TimeSpan.FromHours(23);
    private static readonly TimeSpan Retention = TimeSpan.FromHours(6);

    private HistoricalScheduler _scheduler = null!;
    private AutoscaleEngine _engine = null!;
    private ScaleSetAutoscaler[] _sets = null!;
    private ScaleSetsRuntime _runtime = null!;
    private RunHistory? _history;
    private RunHistoryHostedService? _service;
    private DirectoryInfo? _directory;
    private SqliteRunHistoryStore? _store;
    private long _tick;

    [GlobalSetup(Target = nameof(HostedHistoryOff))]
    public void SetupOff() => Setup(history: false, afterTick: null);

    [GlobalSetup(Target = nameof(HostedHistoryOn))]
    public void SetupOn() => Setup(history: true, afterTick: null);

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_history is not null)
        {
            _service!.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
            var status = _history.Status;
            var count = _store!.CountAsync(default).GetAwaiter().GetResult();
            var size = Directory.GetFiles(_directory!.FullName).Sum(f => new FileInfo(f).Length);
            Console.WriteLine(
                $"// hosted history: simulated {(_scheduler.Now - Start).TotalHours:0.#} h; recorded {status.Recorded}, written {status.Written}, dropped {status.Dropped}, failed {status.Failed}, trimmed {status.Trimmed}; " +
                $"{count} entries kept (retention {Retention.TotalHours:0} h); database {size / 1024.0 / 1024.0:0.0} MiB");
            _service.Dispose();
            _history.Dispose();
        }

        _runtime.Dispose();
        _engine.Dispose();
        _directory?.Delete(recursive: true);
    }

    /// <summary>One tick with the dashboard's runtime and no run history.</summary>
    [Benchmark(Baseline = true)]
    public void HostedHistoryOff() => RunTick();

    /// <summary>One tick with the runtime and the run history as the host wires it (SQLite, background writer).</summary>
    [Benchmark]
    public void HostedHistoryOn() => RunTick();

    /// <summary>Waits (real time, at most 5 s) until the history's writer has stored or given up every recorded entry.</summary>
    internal void DrainHistory()
    {
        if (_history is null)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        while (_history.Status.Pending > 0 && Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(5))
        {
            Thread.Sleep(1);
        }
    }

    /// <summary>Moves the clock one tick on, feeds every set a sample and evaluates them all.</summary>
    internal void RunTick()
    {
        _scheduler.AdvanceBy(Tick);
        var now = _scheduler.Now;
        var tick = _tick++;
        for (var i = 0; i < _sets.Length; i++)
        {
            var busy = (tick + i) % 80 < 40;
            _sets[i].Ingest(new MetricSample("cpu", MetricSourceKind.Host, busy ? 90 : 10, now, "i-0"));
        }

        _engine.EvaluateAll();
    }

    /// <summary>Builds the sets, the runtime and (with <paramref name="history"/>) the history, then runs 23 simulated hours.</summary>
    /// <param name="history">Whether the history is wired.</param>
    /// <param name="afterTick">Called after every tick of the 23 hours (the paced run lets the writer catch up there).</param>
    internal void Setup(bool history, Action? afterTick)
    {
        _scheduler = new HistoricalScheduler(Start);
        _engine = new AutoscaleEngine(_scheduler);
        _sets = [.. Enumerable.Range(0, ScaleSets).Select(i => _engine.AddScaleSet($"set-{i}", Setting(), 5))];
        _runtime = new ScaleSetsRuntime(_engine);
        if (history)
        {
            _directory = Directory.CreateTempSubdirectory("scalesets-hosted-history-bench-");
            _store = new SqliteRunHistoryStore(Path.Combine(_directory.FullName, "history.db"), TimeSpan.FromSeconds(5));
            _history = new RunHistory(
                _store,
                new RunHistoryOptions { Retention = Retention, EvaluationRetention = Retention },
                new SchedulerTimeProvider(_scheduler));
            _service = new RunHistoryHostedService(_history, _runtime);
            _service.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        }

        for (var i = 0; i < Before / Tick; i++)
        {
            RunTick();
            afterTick?.Invoke();
        }
    }

    private static AutoscaleSetting Setting() => CpuThresholdSetting.Create("hosted-history", 2, 10, 5);

    /// <summary>The engine's virtual clock as a <see cref="TimeProvider"/>, so the retention counts simulated time.</summary>
    private sealed class SchedulerTimeProvider(IScheduler scheduler) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => scheduler.Now;
    }
}
