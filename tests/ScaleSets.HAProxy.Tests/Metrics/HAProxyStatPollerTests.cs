using ScaleSets.HAProxy.Metrics;
using ScaleSets.HAProxy.Runtime;
using ScaleSets.Metrics;

namespace ScaleSets.HAProxy.Tests.Metrics;

[TestFixture]
public sealed class HAProxyStatPollerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    [Test]
    public void Read_TwoPolls_RatesFromCountersAndGaugesAsRead()
    {
        var poller = NewPoller();
        var first = poller.Read(StatText.Answer(StatText.Server("ss-vm-1", 2, 1, 100, 0, 200), StatText.Server("static-1", 9, 9, 9, 9, 9, sid: 1), StatText.Backend(11, 0, 109, 0, 209)), T0);
        var second = poller.Read(StatText.Answer(StatText.Server("ss-vm-1", 3, 0, 130, 6, 260, rtime: 12, ttime: 20), StatText.Server("static-1", 9, 9, 9, 9, 9, sid: 1), StatText.Backend(12, 4, 169, 6, 339)), T0.AddSeconds(15));

        Assert.That(first.Problems, Is.Empty);
        Assert.That(first.Samples.Any(s => s.Metric.Contains("per second", StringComparison.Ordinal)), Is.False, "a first total gives no rate");
        Assert.That(second.Problems, Is.Empty);
        var vm = second.Samples.Where(s => s.Instance == "vm-1").ToDictionary(s => s.Metric, s => s.Value);
        Assert.That(vm, Is.EqualTo(new Dictionary<string, double>
        {
            [HAProxyMetricNames.ServerRequestsPerSecond] = 60 / 15.0,
            [HAProxyMetricNames.ServerSessionsPerSecond] = 30 / 15.0,
            [HAProxyMetricNames.ServerCurrentSessions] = 3,
            [HAProxyMetricNames.ServerQueuedRequests] = 0,
            [HAProxyMetricNames.ServerResponseTime] = 12,
            [HAProxyMetricNames.ServerTotalTime] = 20,
            [HAProxyMetricNames.ServerServerErrorsPerSecond] = 6 / 15.0,
        }));
        var set = second.Samples.Where(s => s.Instance is null).ToDictionary(s => s.Metric, s => s.Value);
        Assert.That(set[HAProxyMetricNames.RequestsPerSecond], Is.EqualTo(130 / 15.0));
        Assert.That(set[HAProxyMetricNames.QueuedRequests], Is.EqualTo(4));
        Assert.That(set, Has.Count.EqualTo(7));
        Assert.That(second.Samples.Select(s => s.Instance), Is.All.Null.Or.EqualTo("vm-1"), "the static server is no instance of the set");
        Assert.That(second.Samples.Select(s => s.Source), Is.All.EqualTo(MetricSourceKind.Application));
        Assert.That(second.Samples.Select(s => s.Timestamp), Is.All.EqualTo(T0.AddSeconds(15)));
    }

    [Test]
    public void Read_StaticServerWithThePrefix_NoInstanceOfTheSet()
    {
        var poller = NewPoller();

        var poll = poller.Read(StatText.Answer(StatText.Server("ss-static", 2, 1, 100, 0, 200, sid: 2), StatText.Server("ss-vm-1", 2, 1, 100, 0, 200)), T0);

        Assert.That(poll.Samples.Select(s => s.Instance).Distinct(), Is.EqualTo(new[] { "vm-1" }), "a server of HAProxy's configuration (id below the adapter's band) is no instance");
    }

    [Test]
    public void Read_NewProcessBetweenPolls_RateIsTheNewTotalOverTheInterval()
    {
        var poller = NewPoller();
        poller.Read(StatText.Answer(StatText.Server("ss-vm-1", 0, 0, 5000, 0, 9000), StatText.Backend(0, 0, 5000, 0, 9000)), T0);
        // Restarted and already past the old totals: only show info tells, and the increase is the new total.
        var after = StatText.Info(pid: 43, start: 1_700_000_200, uptime: 5) + StatText.Header
            + StatText.Server("ss-vm-1", 0, 0, 6000, 0, 9900) + StatText.Backend(0, 0, 6000, 0, 9900) + "\n";

        var poll = poller.Read(after, T0.AddSeconds(10));

        var rate = poll.Samples.Single(s => s.Metric == HAProxyMetricNames.RequestsPerSecond).Value;
        Assert.That(rate, Is.EqualTo(990));
        Assert.That(poll.Samples.Single(s => s.Metric == HAProxyMetricNames.ServerRequestsPerSecond).Value, Is.EqualTo(990));
    }

    [Test]
    public void Read_CounterWentDownInTheSameProcess_NeverNegative()
    {
        var poller = NewPoller();
        poller.Read(StatText.Answer(StatText.Backend(0, 0, 500, 50, 900)), T0);

        var poll = poller.Read(StatText.Answer(StatText.Backend(0, 0, 20, 1, 30)), T0.AddSeconds(10));

        Assert.That(poll.Samples.Single(s => s.Metric == HAProxyMetricNames.RequestsPerSecond).Value, Is.EqualTo(3));
        Assert.That(poll.Samples.Select(s => s.Value), Is.All.GreaterThanOrEqualTo(0));
    }

    [Test]
    public void Read_NonNumberField_ProblemNamingSourceLineAndFieldAndTheRestRead()
    {
        var poller = NewPoller();
        var answer = StatText.Answer(StatText.Server("ss-vm-1", 2, 1, 100, 0, 200).Replace(",2,0,200,", ",2,0,12a,", StringComparison.Ordinal), StatText.Backend(11, 0, 109, 0, 209));

        var poll = poller.Read(answer, T0);

        Assert.That(poll.Problems, Has.Count.EqualTo(1));
        Assert.That(poll.Problems[0], Does.StartWith("haproxy web: 'show stat' line 8 (web/ss-vm-1): 'req_tot' is '12a', not a count"));
        Assert.That(poll.Samples.Any(s => s.Instance == "vm-1" && s.Metric == HAProxyMetricNames.ServerCurrentSessions), Is.True);
        Assert.That(poll.Samples.Any(s => s.Instance is null && s.Metric == HAProxyMetricNames.CurrentSessions), Is.True);
    }

    [Test]
    public void Read_TruncatedAnswer_LastRowSkippedWithAProblem()
    {
        var poller = NewPoller();
        var full = StatText.Answer(StatText.Server("ss-vm-1", 2, 1, 100, 0, 200), StatText.Server("ss-vm-2", 4, 0, 100, 0, 200));
        var cut = full[..(full.IndexOf("ss-vm-2", StringComparison.Ordinal) + 12)];

        var poll = poller.Read(cut, T0);

        Assert.That(poll.Problems, Has.Exactly(1).Contains("ends inside line 9 (truncated)"));
        Assert.That(poll.Samples.Select(s => s.Instance).Distinct(), Is.EqualTo(new[] { "vm-1" }));
    }

    [Test]
    public void Read_RowWithFewerFields_SkippedWithAProblem()
    {
        var poller = NewPoller();

        var poll = poller.Read(StatText.Answer("web,ss-vm-9,0,0,1\n", StatText.Server("ss-vm-1", 2, 1, 100, 0, 200)), T0);

        Assert.That(poll.Problems, Has.Exactly(1).Contains("'show stat' line 8 has 5 fields where the header has 21"));
        Assert.That(poll.Samples.Select(s => s.Instance).Distinct(), Is.EqualTo(new[] { "vm-1" }));
    }

    [Test]
    public void Read_MissingColumn_ProblemAndTheOtherMetricsRead()
    {
        var poller = NewPoller();
        var answer = StatText.Answer(StatText.Server("ss-vm-1", 2, 1, 100, 0, 200)).Replace("hrsp_5xx", "hrsp_6xx", StringComparison.Ordinal);

        var poll = poller.Read(answer, T0);

        Assert.That(poll.Problems, Has.Exactly(1).EqualTo("haproxy web: the 'show stat' header has no 'hrsp_5xx' column; what it measures is not reported."));
        Assert.That(poll.Samples.Any(s => s.Metric == HAProxyMetricNames.ServerCurrentSessions), Is.True);
    }

    [Test]
    public void Read_RepeatedServerRow_SecondSkippedWithAProblem()
    {
        var poller = NewPoller();
        var row = StatText.Server("ss-vm-1", 2, 1, 100, 0, 200);

        var poll = poller.Read(StatText.Answer(row, row), T0);

        Assert.That(poll.Problems, Has.Exactly(1).Contains("repeats server 'ss-vm-1'"));
        Assert.That(poll.Samples.Count(s => s.Metric == HAProxyMetricNames.ServerCurrentSessions), Is.EqualTo(1));
    }

    [TestCase("garbage\x01\x02 not csv")]
    [TestCase("")]
    [TestCase("Unknown command. Please enter one of the following commands only :\n  help\n")]
    public void Read_NoStatistics_FailsThePollNamingTheSource(string answer)
    {
        var poller = NewPoller();

        var ex = Assert.Throws<FormatException>(() => poller.Read(answer, T0));

        Assert.That(ex!.Message, Does.StartWith("haproxy web: the answer to 'show info;show stat web 6 -1' holds no 'show stat' CSV"));
    }

    [Test]
    public void Read_NoSuchBackend_SaysTheBackendMustExist()
    {
        var ex = Assert.Throws<FormatException>(() => NewPoller().Read(StatText.Info() + "No such backend.\n", T0));

        Assert.That(ex!.Message, Does.Contain("HAProxy has no backend 'web'").And.Contain("must exist"));
    }

    [Test]
    public void Read_HeaderWithoutSvname_FailsThePoll()
    {
        var ex = Assert.Throws<FormatException>(() => NewPoller().Read(StatText.Answer().Replace("svname", "sv", StringComparison.Ordinal), T0));

        Assert.That(ex!.Message, Does.Contain("has no 'svname' column"));
    }

    [Test]
    public void Read_ServerRemovedAndReAdded_StartsAfresh()
    {
        var poller = NewPoller();
        poller.Read(StatText.Answer(StatText.Server("ss-vm-1", 0, 0, 900, 0, 900)), T0);
        poller.Read(StatText.Answer(), T0.AddSeconds(10));

        var poll = poller.Read(StatText.Answer(StatText.Server("ss-vm-1", 0, 0, 950, 0, 950)), T0.AddSeconds(20));

        Assert.That(poll.Samples.Any(s => s.Metric == HAProxyMetricNames.ServerRequestsPerSecond), Is.False, "the re-added server's first total gives no rate");
    }

    [Test]
    public void Read_LargeBackendTwice_OneSampleSetPerServer()
    {
        var poller = NewPoller();
        poller.Read(StatText.Large(1000, 1), T0);

        var poll = poller.Read(StatText.Large(1000, 2), T0.AddSeconds(15));

        Assert.That(poll.Problems, Is.Empty);
        Assert.That(poll.Samples, Has.Count.EqualTo(1001 * 7));
        Assert.That(poll.Samples.Where(s => s.Metric == HAProxyMetricNames.ServerRequestsPerSecond).Select(s => s.Value), Is.All.EqualTo(2000 / 15.0));
    }

    private static HAProxyStatPoller NewPoller() => new(new UnusedApi(), "web", new ServerNaming("ss-"), "haproxy web");

    /// <summary>The tests hand the poller its answers through <see cref="HAProxyStatPoller.Read"/>; nothing is sent.</summary>
    private sealed class UnusedApi : IRuntimeApi
    {
        public Task<string> SendAsync(string line, CancellationToken cancellationToken) => throw new InvalidOperationException("not used");
    }
}
