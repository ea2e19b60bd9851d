using System.Globalization;
using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using ScaleSets.Engine;
using ScaleSets.Metrics;
using ScaleSets.Model;
using ScaleSets.Policy;
using ScaleSets.Prediction;
using static ScaleSets.Tests.Policy.Profiles;

namespace ScaleSets.Tests.Engine;

/// <summary>
/// Real threads on every entry point at once, in bounded iteration counts: samples from a source that calls OnNext from
/// several threads, direct and batch ingestion, evaluations, setting replacements, readers, and forecaster refits on the
/// thread pool. Nothing throws, nothing deadlocks, every observer is called one at a time, and the counters add up.
/// </summary>
[TestFixture]
public sealed class EngineStressTests
{
    private const string Cpu = "Percentage CPU";
    private const int SourceThreads = 4;
    private const int DirectThreads = 2;
    private const int MaxSamplesPerThread = 100_000;
    private const int MaxBatches = 2_000;
    private const int BatchSize = 50;
    private const int Evaluations = 240;
    private const int EvaluationsWithModel = 60;
    private const int Updates = 60;
    private const int MinimumHistoryMinutes = 40;
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(2);

    [Test]
    public void EveryEntryPoint_FromManyThreadsAtOnce_NoExceptionNoDeadlockAndCountersAddUp()
    {
        var scheduler = new SteppedThreadPoolScheduler(Start);
        using var engine = new AutoscaleEngine(scheduler);
        var source = new SharedSource();
        var web = engine.AddScaleSet("web", PredictiveSetting(60), 2, [source]);
        var api = engine.AddScaleSet("api", CpuSetting(1, 10, 2), 2);
        var decisions = new StreamProbe<ScaleDecision>();
        var evaluations = new StreamProbe<ScaleDecision>();
        var events = new StreamProbe<AutoscaleEngineEvent>();
        using var subscriptions = new CompositeDisposable(
            engine.Decisions.Subscribe(decisions),
            engine.Evaluations.Subscribe(evaluations),
            engine.Events.Subscribe(events));

        var errors = new List<Exception>();
        var fed = new long[2];
        var evaluating = true;
        var webEvaluations = 0;
        using var replaced = new ManualResetEventSlim();
        var threads = new List<Thread>();
        using var barrier = new Barrier(SourceThreads + DirectThreads + 1 + 1 + 1 + 2);
        void Run(Action body) => threads.Add(new Thread(() =>
        {
            try
            {
                barrier.SignalAndWait(Guard);
                body();
            }
#pragma warning disable CA1031 // Every failure of every thread is collected and asserted on.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                lock (errors)
                {
                    errors.Add(ex);
                }
            }
        }));

        for (var t = 0; t < SourceThreads; t++)
        {
            var thread = t;
            Run(() =>
            {
                for (var i = 0; i < MaxSamplesPerThread && Volatile.Read(ref evaluating); i++)
                {
                    source.Observer!.OnNext(Sample(scheduler.Now, thread, i));
                    Interlocked.Increment(ref fed[0]);
                }
            });
        }

        for (var t = 0; t < DirectThreads; t++)
        {
            var thread = SourceThreads + t;
            Run(() =>
            {
                for (var i = 0; i < MaxSamplesPerThread && Volatile.Read(ref evaluating); i++)
                {
                    (i % 2 == 0 ? web : api).Ingest(Sample(scheduler.Now, thread, i));
                    Interlocked.Increment(ref fed[i % 2]);
                }
            });
        }

        Run(() =>
        {
            var batch = new MetricSample[BatchSize];
            for (var b = 0; b < MaxBatches && Volatile.Read(ref evaluating); b++)
            {
                for (var i = 0; i < BatchSize; i++)
                {
                    batch[i] = Sample(scheduler.Now, 9, (b * BatchSize) + i);
                }

                api.Ingest(batch);
                Interlocked.Add(ref fed[1], BatchSize);
            }
        });

        Run(() =>
        {
            try
            {
                for (var i = 0; i < Evaluations; i++)
                {
                    Tick();
                    if (i == Evaluations / 3)
                    {
                        // From here on the forecaster in force stays, so its history grows past the minimum.
                        Assert.That(replaced.Wait(Guard), Is.True, "the updates that replace the forecaster are done");
                    }
                }

                // Until a refit of the forecaster in force is swapped in, each refit that completes on the thread pool
                // lets one more evaluation look; then evaluations go on with fitted models while refits run beside them.
                // The feeders may have spent their samples before the forecaster in force had its minimum history (their
                // pace against this thread's is the machine's), and no refit starts without it: those minutes are fed here.
                var fedHere = 0;
                for (var status = Look(); status is PredictiveStatus.Fitting or PredictiveStatus.InsufficientHistory; status = Look())
                {
                    if (status == PredictiveStatus.InsufficientHistory)
                    {
                        Assert.That(fedHere, Is.LessThan(2 * MinimumHistoryMinutes), "the minimum history is fed within twice its length");
                        scheduler.Advance(TimeSpan.FromMinutes(1));
                        web.Ingest(Sample(scheduler.Now, SourceThreads + DirectThreads + 1, 1 + fedHere++));
                        Interlocked.Increment(ref fed[0]);
                    }
                    else
                    {
                        Assert.That(scheduler.Completed.Wait(Guard), Is.True, "a refit ran on the scheduler");
                    }
                }

                for (var i = 0; i < EvaluationsWithModel; i++)
                {
                    Tick();
                }
            }
            finally
            {
                Volatile.Write(ref evaluating, false);
            }

            PredictiveStatus Look()
            {
                webEvaluations++;
                return web.Evaluate().Forecast!.Value.Status;
            }

            void Tick()
            {
                scheduler.Advance(TimeSpan.FromMinutes(1));
                engine.EvaluateAll();
                webEvaluations++;
            }
        });

        Run(() =>
        {
            for (var i = 0; i < Updates; i++)
            {
                // The first half alternates forecasters (a new target), abandoning any refit in flight; the second keeps it.
                web.UpdateSetting(PredictiveSetting(i < Updates / 2 && i % 2 == 1 ? 55 : 60, maximum: 20 - (i % 3)));
                if (i == Updates / 2)
                {
                    replaced.Set();
                }
            }
        });

        for (var r = 0; r < 2; r++)
        {
            Run(() =>
            {
                var reads = 0;
                while (Volatile.Read(ref evaluating) && reads++ < 1_000_000)
                {
                    _ = web.Capacity + api.Capacity;
                    _ = web.Statistics.Accepted + api.Statistics.Rejected;
                    _ = web.Setting.Name;
                    _ = engine.ScaleSets.Count;
                }
            });
        }

        threads.ForEach(t => t.Start());
        var finished = threads.TrueForAll(t => t.Join(Guard));

        var webStats = web.Statistics;
        var apiStats = api.Statistics;
        var rejected = events.Items.Count(e => e.Kind == AutoscaleEngineEventKind.SampleRejected);
        Assert.Multiple(() =>
        {
            Assert.That(finished, Is.True, "every thread finished: no deadlock");
            Assert.That(errors, Is.Empty);
            Assert.That(Total(webStats), Is.EqualTo(fed[0]), "every sample of web is counted once");
            Assert.That(Total(apiStats), Is.EqualTo(fed[1]), "every sample of api is counted once");
            Assert.That(rejected, Is.EqualTo(webStats.Rejected + apiStats.Rejected), "each rejection reported once");
            Assert.That(webStats.NotFinite + apiStats.NotFinite, Is.GreaterThan(0), "the bad samples were among them");
            Assert.That(evaluations.Items.Count(d => d.ScaleSet == "web"), Is.EqualTo(webEvaluations), "every evaluation of web published, none failed");
            Assert.That(evaluations.Items.Count(d => d.ScaleSet == "api"), Is.EqualTo(Evaluations + EvaluationsWithModel));
            Assert.That(decisions.Items.All(d => d.IsAction || d.Wanted != d.From), Is.True);
            Assert.That(events.Items.Count(e => e.Kind == AutoscaleEngineEventKind.SettingUpdated), Is.EqualTo(Updates));
            Assert.That(events.Items.Where(e => e.Kind is AutoscaleEngineEventKind.EvaluationFailed or AutoscaleEngineEventKind.ObserverFailed), Is.Empty);
            Assert.That(evaluations.Items.Where(d => d.ScaleSet == "web").Select(d => d.Sequence), Is.Unique);
            Assert.That(decisions.Overlaps + evaluations.Overlaps + events.Overlaps, Is.Zero, "each observer was called one at a time");
        });
    }

    private static long Total(IngestStatistics s) =>
        s.Accepted + s.Unmatched + s.Late + s.InFuture + s.NotFinite + s.OutOfRange + s.MissingMetricName + s.WarmingUp;

    /// <summary>A sample from one of 8 instances; every 97th is not a number.</summary>
    private static MetricSample Sample(DateTimeOffset now, int thread, int i) =>
        new(Cpu, MetricSourceKind.Host, i % 97 == 0 ? double.NaN : 40 + ((thread * 7) + i) % 50, now, "vm-" + (i % 8).ToString(CultureInfo.InvariantCulture));

    private static AutoscaleSetting PredictiveSetting(double target, int maximum = 20)
    {
        var setting = CpuSetting(1, maximum, 2);
        setting.Predictive = new PredictiveScalingPolicy
        {
            Mode = PredictiveScalingMode.Enabled,
            MetricName = Cpu,
            TimeGrain = TimeSpan.FromMinutes(1),
            TargetPerInstance = target,
            MinimumHistory = TimeSpan.FromMinutes(MinimumHistoryMinutes),
            RefitInterval = TimeSpan.FromMinutes(1),
            LeadTime = TimeSpan.FromMinutes(5),
        };
        return setting;
    }

    /// <summary>Records what an observer received and how often it was entered while already running.</summary>
    private sealed class StreamProbe<T> : IObserver<T>
    {
        private int _inside;
        private int _overlaps;

        public List<T> Items { get; } = [];

        public int Overlaps => Volatile.Read(ref _overlaps);

        public void OnNext(T value)
        {
            if (Interlocked.Increment(ref _inside) > 1)
            {
                Interlocked.Increment(ref _overlaps);
            }

            // Unsynchronized on purpose: the engine calls one at a time, so a lost item is a broken contract.
            Items.Add(value);
            Interlocked.Decrement(ref _inside);
        }

        public void OnError(Exception error) => throw new InvalidOperationException("unexpected OnError", error);

        public void OnCompleted()
        {
        }
    }

    /// <summary>A source whose one observer the test's threads call concurrently, as a source that breaks Rx's rule does.</summary>
    private sealed class SharedSource : IObservable<MetricSample>
    {
        public IObserver<MetricSample>? Observer { get; private set; }

        public IDisposable Subscribe(IObserver<MetricSample> observer)
        {
            Observer = observer;
            return Disposable.Empty;
        }
    }

    /// <summary>
    /// A clock the evaluating thread steps (no real time passes), whose immediate work (the refits) runs on the thread
    /// pool. Timed work is not needed here (the test evaluates explicitly) and is refused.
    /// </summary>
    private sealed class SteppedThreadPoolScheduler(DateTimeOffset start) : IScheduler
    {
        private long _ticks = start.UtcTicks;

        /// <summary>Gets a count of the work items run.</summary>
        public SemaphoreSlim Completed { get; } = new(0);

        public DateTimeOffset Now => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);

        public IDisposable Schedule<TState>(TState state, Func<IScheduler, TState, IDisposable> action)
        {
            var cancel = new BooleanDisposable();
            ThreadPool.QueueUserWorkItem(_ =>
            {
                if (!cancel.IsDisposed)
                {
                    action(this, state);
                }

                Completed.Release();
            });
            return cancel;
        }

        public IDisposable Schedule<TState>(TState state, TimeSpan dueTime, Func<IScheduler, TState, IDisposable> action) =>
            throw new NotSupportedException("the stress test evaluates explicitly");

        public IDisposable Schedule<TState>(TState state, DateTimeOffset dueTime, Func<IScheduler, TState, IDisposable> action) =>
            throw new NotSupportedException("the stress test evaluates explicitly");
    }
}
