using FsCheck;
using FsCheck.Fluent;
using ScaleSets.Engine;
using ScaleSets.Metrics;
using ScaleSets.Model;
using ScaleSets.Series;

namespace ScaleSets.Tests.Series;

[TestFixture]
public sealed class RollingWindowPropertyTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static Gen<RollingOp> OpGen =>
        from kind in Gen.Frequency((12, Gen.Constant(0)), (6, Gen.Constant(1)), (1, Gen.Constant(2)))
        from advance in Gen.Frequency((10, Gen.Choose(0, 20)), (4, Gen.Choose(0, 300)), (1, Gen.Choose(600, 7200)))
        from offset in Gen.Frequency((6, Gen.Choose(-30, 5)), (3, Gen.Choose(-700, 120)))
        from value in Gen.Choose(0, 1000)
        from instance in Gen.Choose(0, 3)
        from source in Gen.Choose(0, 2)
        from maskLow in Gen.Choose(0, int.MaxValue)
        from maskHigh in Gen.Choose(0, int.MaxValue)
        select new RollingOp(kind, advance, offset, value, instance, source, ((long)maskHigh << 31) | (uint)maskLow);

    private static Gen<RollingScenario> ScenarioGen =>
        from grain in Gen.Choose(1, 5)
        from window in Gen.Choose(1, 60)
        from secondWindow in Gen.Choose(1, 60)
        from lateness in Gen.Elements(0, 60, 300, 600)
        from skew in Gen.Elements(0, 60)
        from start in Gen.Choose(0, 600)
        from count in Gen.Choose(1, 300)
        from ops in Gen.ArrayOf(OpGen, count)
        select new RollingScenario(grain, window, secondWindow, lateness, skew, start, ops);

    [Test]
    public void Read_RandomStreams_RollingEqualsNaiveRecomputation()
    {
        var stats = new RunStats();
        var property = Prop.ForAll(ScenarioGen.ToArbitrary(), scenario => Run(scenario, stats));

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), property);

        Assert.Multiple(() =>
        {
            // The generators must reach every path the property is meant to cover.
            Assert.That(stats.ReadsWithData, Is.GreaterThan(1000));
            Assert.That(stats.ReadsWithoutData, Is.GreaterThan(100));
            Assert.That(stats.LateAccepted, Is.GreaterThan(100));
            Assert.That(stats.Rejected, Is.GreaterThan(100));
            Assert.That(stats.Clears, Is.GreaterThan(10));
        });
    }

    private static void Run(RollingScenario scenario, RunStats stats)
    {
        var options = new AutoscaleEngineOptions
        {
            MaxSampleLateness = TimeSpan.FromSeconds(scenario.LatenessSeconds),
            MaxClockSkew = TimeSpan.FromSeconds(scenario.SkewSeconds),
        };
        var triggers = new List<MetricTrigger>();
        foreach (var window in new[] { scenario.WindowMinutes, scenario.SecondWindowMinutes })
        {
            foreach (var statistic in Enum.GetValues<MetricStatistic>())
            {
                foreach (var aggregation in Enum.GetValues<TimeAggregationType>())
                {
                    triggers.Add(new MetricTrigger
                    {
                        MetricName = "m",
                        TimeGrain = TimeSpan.FromMinutes(scenario.GrainMinutes),
                        TimeWindow = TimeSpan.FromMinutes(window),
                        Statistic = statistic,
                        TimeAggregation = aggregation,
                    });
                }
            }
        }

        var store = new MetricStore(triggers, options.SampleLimits());
        var grainTicks = TimeSpan.FromMinutes(scenario.GrainMinutes).Ticks;
        var accepted = new List<(long Ticks, double Value)>();
        ulong fed = 0;
        ulong dead = 0;
        var now = Start.AddSeconds(scenario.StartSeconds);
        for (var step = 0; step < scenario.Ops.Length; step++)
        {
            var op = scenario.Ops[step];
            now = now.AddSeconds(op.AdvanceSeconds);
            var bit = 1UL << op.Source;
            switch (op.Kind)
            {
                case 0:
                    var sample = new MetricSample("m", MetricSourceKind.Host, op.ValueTenths / 10.0, now.AddSeconds(op.OffsetSeconds), "vm-" + op.Instance);
                    var expected = op.OffsetSeconds > scenario.SkewSeconds ? IngestOutcome.InFuture
                        : -op.OffsetSeconds > scenario.LatenessSeconds ? IngestOutcome.Late
                        : IngestOutcome.Accepted;
                    var outcome = store.Ingest(in sample, now, op.Source);
                    Require(outcome == expected, step, $"ingest outcome {outcome}, expected {expected}");
                    dead &= ~bit;
                    if (outcome == IngestOutcome.Accepted)
                    {
                        accepted.Add((sample.Timestamp.UtcTicks, sample.Value));
                        fed |= bit;
                        stats.LateAccepted += sample.Timestamp.UtcTicks / grainTicks < now.UtcTicks / grainTicks ? 1 : 0;
                    }
                    else
                    {
                        stats.Rejected++;
                    }

                    break;
                case 1:
                    for (var i = 0; i < triggers.Count; i++)
                    {
                        if (op.ReadMask != 0 && (op.ReadMask & (1L << i)) == 0)
                        {
                            continue;
                        }

                        var trigger = triggers[i];
                        var windowGrains = (int)((trigger.TimeWindow.Ticks + grainTicks - 1) / grainTicks);
                        var want = NaiveWindow.Compute(accepted, grainTicks, windowGrains, trigger.Statistic, trigger.TimeAggregation, now);
                        var got = store.Read(i, now);
                        Compare(got, want, step, trigger);
                        if (got.HasData)
                        {
                            stats.ReadsWithData++;
                        }
                        else
                        {
                            stats.ReadsWithoutData++;
                        }
                    }

                    break;
                default:
                    store.OnSourceTerminated(op.Source);
                    dead |= bit;
                    if (fed != 0 && (fed & ~dead) == 0)
                    {
                        accepted.Clear();
                        fed = 0;
                        stats.Clears++;
                    }

                    break;
            }
        }
    }

    private static void Compare(WindowAggregate got, WindowAggregate want, int step, MetricTrigger trigger)
    {
        var what = $"{trigger.Statistic}/{trigger.TimeAggregation} over {trigger.TimeWindow}: got {got}, want {want}";
        Require(got.HasData == want.HasData, step, what);
        Require(got.SampleCount == want.SampleCount, step, what);
        Require(got.GrainsWithData == want.GrainsWithData, step, what);
        Require(got.NewestSample == want.NewestSample, step, what);
        var close = want.HasData
            ? Math.Abs(got.Value - want.Value) <= 1e-9 * Math.Max(1, Math.Abs(want.Value))
            : double.IsNaN(got.Value);
        Require(close, step, what);
    }

    private static void Require(bool condition, int step, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"step {step}: {message}");
        }
    }

    private sealed class RunStats
    {
        public long ReadsWithData { get; set; }

        public long ReadsWithoutData { get; set; }

        public long LateAccepted { get; set; }

        public long Rejected { get; set; }

        public long Clears { get; set; }
    }
}
