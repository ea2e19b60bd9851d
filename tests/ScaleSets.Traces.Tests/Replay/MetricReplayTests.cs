using System.Reactive;
using ScaleSets.Engine;
using ScaleSets.Metrics;
using ScaleSets.Replay;
using ScaleSets.Tests.Policy;

namespace ScaleSets.Tests.Replay;

[TestFixture]
public sealed class MetricReplayTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public void Run_SampleCenturiesAfterTheRest_IsRefusedBeforeItIsReached()
    {
        var samples = new[] { Cpu(Start, 90), Cpu(Start.AddMinutes(1), 90), Cpu(Start.AddYears(300), 90) };

        var run = Task.Run(() => MetricReplay.Run(Profiles.CpuSetting(), samples));

        Assert.That(((IAsyncResult)run).AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(60)), Is.True, "refused at once, not after stepping 300 years");
        var error = run.Exception?.InnerException as ArgumentException;
        Assert.That(error?.Message, Does.Contain("2326-01-01T00:00:00Z is 157,").And.Contain("ReplayOptions.MaxEvaluations").And.Contain("From and To"));
    }

    [TestCase(9999, 12, 31)]
    [TestCase(9999, 1, 1)]
    public void Run_SampleAtTheEndOfTheCalendar_IsRefusedNotCrashed(int year, int month, int day)
    {
        var samples = new[] { Cpu(new DateTimeOffset(year, month, day, 0, 0, 0, TimeSpan.Zero), 90) };

        Assert.That(() => MetricReplay.Run(Profiles.CpuSetting(), samples), Throws.ArgumentException.With.Message.Contain("too near the end of the calendar"));
    }

    [Test]
    public void Run_SamplesOfYearOne_AreRefusedNotHalfEvaluated()
    {
        var first = new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var samples = Enumerable.Range(0, 10).Select(m => Cpu(first.AddMinutes(m), 90)).ToList();

        Assert.That(() => MetricReplay.Run(Profiles.CpuSetting(), samples), Throws.ArgumentException.With.Message.Contain("0001-01-01T00:00:00Z is too near the start of the calendar"));
    }

    [Test]
    public void Run_SamplesOfYearTwo_AreEvaluatedEveryMinute()
    {
        var first = new DateTimeOffset(2, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var samples = Enumerable.Range(0, 10).Select(m => Cpu(first.AddMinutes(m), 90)).ToList();

        var evaluations = MetricReplay.Run(Profiles.CpuSetting(), samples, new ReplayOptions { EveryEvaluation = true });

        Assert.That(evaluations.Select(e => e.Time), Is.EqualTo(Enumerable.Range(0, 12).Select(m => first.AddMinutes(m))));
    }

    [Test]
    public void Run_ReorderWindow_DecidesAsTheSortedSamples()
    {
        var sorted = Enumerable.Range(0, 60).Select(m => Cpu(Start.AddMinutes(m), m is > 15 and < 30 ? 10 : 90)).ToList();
        var late = sorted.Chunk(4).SelectMany(chunk => chunk.Reverse()).ToList();

        var expected = MetricReplay.Run(Profiles.CpuSetting(), sorted, new ReplayOptions { EveryEvaluation = true });
        var actual = MetricReplay.Run(Profiles.CpuSetting(), late, new ReplayOptions { EveryEvaluation = true, ReorderWindow = TimeSpan.FromMinutes(3) });

        Assert.That(actual.Select(d => (d.Time, d.From, d.To)), Is.EqualTo(expected.Select(d => (d.Time, d.From, d.To))));
    }

    [Test]
    public void Run_SampleLaterThanTheReorderWindow_SaysHowLate()
    {
        var samples = new[] { Cpu(Start.AddMinutes(10), 90), Cpu(Start.AddMinutes(14), 90), Cpu(Start.AddMinutes(20), 90), Cpu(Start.AddMinutes(12), 90) };

        Assert.That(
            () => MetricReplay.Run(Profiles.CpuSetting(), samples, new ReplayOptions { ReorderWindow = TimeSpan.FromMinutes(5) }),
            Throws.ArgumentException.With.Message.Contain("00:08:00 late, more than the reorder window of 00:05:00"));
    }

    [Test]
    public void Run_ReorderWindow_DeliversEachSampleBeforeReadingMuchFurther()
    {
        // Every sample is rejected (CPU above 100%), so the rejection count says how many the engine has received.
        var rejected = 0;
        var furthestAhead = 0;
        IEnumerable<MetricSample> Samples()
        {
            for (var i = 0; i < 20_000; i++)
            {
                furthestAhead = Math.Max(furthestAhead, i - rejected);
                yield return Cpu(Start.AddSeconds(i), 150);
            }
        }

        var options = new ReplayOptions { ReorderWindow = TimeSpan.FromSeconds(10), Events = Observer.Create<AutoscaleEngineEvent>(e => rejected += e.Kind == AutoscaleEngineEventKind.SampleRejected ? 1 : 0) };
        MetricReplay.Run(Profiles.CpuSetting(), Samples(), options);

        Assert.That(rejected, Is.EqualTo(20_000));
        Assert.That(furthestAhead, Is.LessThanOrEqualTo(12), "the replay holds only the samples within the window, not the whole input");
    }

    private static MetricSample Cpu(DateTimeOffset time, double value) => new("Percentage CPU", MetricSourceKind.Host, value, time, "vm-0");
}
