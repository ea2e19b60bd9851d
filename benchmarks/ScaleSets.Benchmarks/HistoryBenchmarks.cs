using System.Reactive.Concurrency;
using BenchmarkDotNet.Attributes;
using ScaleSets.Engine;
using ScaleSets.History;
using ScaleSets.Metrics;
using ScaleSets.Model;

namespace ScaleSets.Benchmarks;

/// <summary>
/// History writes under load: 1000 scale sets evaluated every 15 s (one tick: the clock moves 15 s, each set receives
/// one sample, the engine evaluates all of them) with the run history on — every evaluation recorded, which is more than
/// production records (actions and blocked changes only) — against the same tick with history off. Both subscribe an
/// observer to every evaluation, so the difference is the recording alone; the SQLite writer runs on its own thread.
/// The history's clock is the engine's virtual clock. The setup first runs 23 simulated hours of ticks (5,520 ticks of
/// 1000 sets), so the measured ticks are the last hour or more of a simulated day, written against a database at the
/// size its retention (6 hours) bounds it to; the size and counts are printed at the end.
/// </summary>
[MemoryDiagnoser]
public class HistoryBenchmarks
{
    private const int ScaleSets = 1000;
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Before = TimeSpan.FromHours(23);
    private static readonly TimeSpan Retention = TimeSpan.FromHours(6);

    private HistoricalScheduler _scheduler = null!;
    private AutoscaleEngine _engine = null!;
    private ScaleSetAutoscaler[] _sets = null!;
    private RunHistory? _history;
    private IDisposable? _subscription;
    private DirectoryInfo? _directory;
    private SqliteRunHistoryStore? _store;

    [GlobalSetup(Target = nameof(HistoryOff))]
    public void SetupOff() => Setup(history: false);

    [GlobalSetup(Target = nameof(HistoryOn))]
    public void SetupOn() => Setup(history: true);

    [GlobalCleanup]
    public void Cleanup()
    {
        _subscription?.Dispose();
        _engine.Dispose();
        if (_history is not null)
        {
            _history.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
            var status = _history.Status;
            var count = _store!.CountAsync(default).GetAwaiter().GetResult();
            var size = Directory.GetFiles(_directory!.FullName).Sum(f => new FileInfo(f).Length);
            Console.WriteLine(
                $"// history: simulated {(_scheduler.Now - Start).TotalHours:0.#} h; recorded {status.Recorded}, written {status.Written}, dropped {status.Dropped}, failed {status.Failed}, trimmed {status.Trimmed}; " +
                $"{count} entries kept (bounded by the retention of {Retention.TotalHours:0} h and MaxEntries 1000000); database {size / 1024.0 / 1024.0:0.0} MiB");
            _history.Dispose();
            _directory.Delete(recursive: true);
        }
    }

    /// <summary>One tick with history off: an observer of every evaluation that does nothing.</summary>
    [Benchmark(Baseline = true)]
    public void HistoryOff() => RunTick();

    /// <summary>One tick with every evaluation recorded in the run history (SQLite, background writer).</summary>
    [Benchmark]
    public void HistoryOn() => RunTick();

    private void RunTick()
    {
        _scheduler.AdvanceBy(Tick);
        var now = _scheduler.Now;
        foreach (var set in _sets)
        {
            set.Ingest(new MetricSample("cpu", MetricSourceKind.Host, 50, now, "i-0"));
        }

        _engine.EvaluateAll();
    }

    private void Setup(bool history)
    {
        _scheduler = new HistoricalScheduler(Start);
        _engine = new AutoscaleEngine(_scheduler);
        _sets = [.. Enumerable.Range(0, ScaleSets).Select(i => _engine.AddScaleSet($"set-{i}", Setting(), 5))];
        if (history)
        {
            _directory = Directory.CreateTempSubdirectory("scalesets-history-bench-");
            _store = new SqliteRunHistoryStore(Path.Combine(_directory.FullName, "history.db"), TimeSpan.FromSeconds(5));
            _history = new RunHistory(
                _store,
                new RunHistoryOptions { Retention = Retention, EvaluationRetention = Retention, TrimInterval = TimeSpan.FromMinutes(1), MaxEntries = 1_000_000 },
                new SchedulerTimeProvider(_scheduler));
            _history.Start();
            _subscription = _engine.Evaluations.Subscribe(_history.Record);
        }
        else
        {
            _subscription = _engine.Evaluations.Subscribe(static _ => { });
        }

        for (var i = 0; i < Before / Tick; i++)
        {
            RunTick();
        }
    }

    private static AutoscaleSetting Setting() => CpuThresholdSetting.Create("history", 1, 100, 5);

    /// <summary>The engine's virtual clock as a <see cref="TimeProvider"/>, so the retention counts simulated time.</summary>
    private sealed class SchedulerTimeProvider(IScheduler scheduler) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => scheduler.Now;
    }
}
