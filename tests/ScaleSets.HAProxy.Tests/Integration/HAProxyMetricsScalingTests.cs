using System.Collections.Concurrent;
using ScaleSets.Abstractions;
using ScaleSets.Configuration;
using ScaleSets.Control;
using ScaleSets.Engine;
using ScaleSets.HAProxy.Metrics;
using ScaleSets.Policy;
using ScaleSets.Simulation.Cloud;
using ScaleSets.Simulation.Time;

namespace ScaleSets.HAProxy.Tests.Integration;

/// <summary>
/// End to end: a set of local HTTP servers behind a real HAProxy, scaled by the engine on HAProxy's own request rate
/// (the shipped source, no collector in the test), out under load and back in when it stops. The engine, the source's
/// polls and the controller run on one virtual clock; the requests, HAProxy's checks and the socket run in real time,
/// each wait bounded.
/// </summary>
[TestFixture]
[Category("HAProxy")]
public sealed class HAProxyMetricsScalingTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(15);

    private const string Setting = """
        { "name": "web", "profiles": [ { "name": "default", "capacity": { "minimum": 1, "maximum": 3, "default": 1 },
          "rules": [
            { "name": "busy", "metricTrigger": { "metricName": "Requests per second", "source": "Application", "dividePerInstance": true,
                "timeWindow": "PT5M", "operator": "GreaterThan", "threshold": 1.5 },
              "scaleAction": { "direction": "Increase", "type": "ChangeCount", "value": 1, "cooldown": "PT1M" } },
            { "name": "idle", "metricTrigger": { "metricName": "Requests per second", "source": "Application", "dividePerInstance": true,
                "timeWindow": "PT5M", "operator": "LessThan", "threshold": 0.5 },
              "scaleAction": { "direction": "Decrease", "type": "ChangeCount", "value": 1, "cooldown": "PT1M" } } ] } ] }
        """;

    [Test]
    [CancelAfter(5 * 60 * 1000)]
    public async Task Engine_HAProxyRequestRate_ScalesOutUnderLoadAndBackInWhenItStops()
    {
        var options = HAProxyProcess.TestOptions();
        await using var h = await HAProxyProcess.StartAsync(options, ["web"]);
        using var lb = h.NewLoadBalancer(options);
        var time = new VirtualTimeProvider(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
        var cloud = new SimulatedCloud(new SimulatedCloudOptions { CreateLatency = TimeSpan.Zero, OperationLatency = TimeSpan.Zero, BootTime = TimeSpan.FromSeconds(10), BootTimeSpread = TimeSpan.Zero }, time);
        await using var compute = new LoopbackComputeProvider(cloud.Compute);
        var controllerOptions = new ScaleSetControllerOptions { ScaleSetName = "web", DrainTimeout = TimeSpan.FromSeconds(30), InstanceWarmup = TimeSpan.Zero, RetryBaseDelay = TimeSpan.Zero };
        using var controller = new ScaleSetController(controllerOptions, new ScaleSetModel { Version = "v1", ImageReference = "golden-v1" }, compute, lb, time);

        var metrics = HAProxyMetricsIntegrationTests.MetricsOptions(h);
        metrics.Polling.Interval = Step;
        using var source = HAProxyMetrics.CreateSource(metrics, time);
        var read = AutoscaleSettingJson.Read(Setting);
        Assert.That(read.IsSuccess, Is.True, string.Join("; ", read.Problems));
        using var engine = new AutoscaleEngine(new TimeProviderScheduler(time));
        var autoscaler = engine.AddScaleSet("web", read.Setting!, 1, [source]);
        var decisions = new ConcurrentQueue<ScaleDecision>();
        using var watching = engine.Decisions.Subscribe(decisions.Enqueue);
        using var binding = AutoscaleBinding.Bind(autoscaler, controller);
        using var evaluating = engine.Start();
        controller.SetDesiredCapacity(1, "start");

        // Four requests a second of virtual time (60 per 15-second poll) until three instances serve.
        await RunUntilAsync(h, controller, source, time, requestsPerStep: 60, async () => await ReadyAsync(lb) == 3, maxSteps: 80, "scaled out to 3");

        // The virtual clock runs far ahead of HAProxy's real health checks: the steps above count requests HAProxy
        // answered, 503 included, as a user's rules do. Once HAProxy's own checks see the three servers up, every
        // request is served.
        await Eventually.UntilAsync(async () => (await lb.StatAsync("web", CancellationToken.None)).Count(s => s.IsUp) == 3, TimeSpan.FromSeconds(30), "HAProxy's checks see the three servers up");
        var served = (await Http.GetManyAsync(h.FrontendUri("web"), 30)).Count(r => r.Status == 200);

        // No load: back to one.
        await RunUntilAsync(h, controller, source, time, requestsPerStep: 0, async () => await ReadyAsync(lb) == 1 && cloud.GetInstances("web").Count == 1, maxSteps: 80, "scaled back in to 1");

        var actions = decisions.Where(d => d.IsAction).ToList();
        TestContext.Out.WriteLine(string.Join(Environment.NewLine, actions.Select(d => d.Explain())));
        Assert.That(actions.Where(d => d.Direction == ScaleDecisionDirection.Out).Select(d => d.ActingRuleName), Is.EqualTo(new[] { "busy", "busy" }), "out 1 → 2 → 3 on HAProxy's request rate");
        Assert.That(actions.Where(d => d.Direction == ScaleDecisionDirection.In).Select(d => d.ActingRuleName), Is.EqualTo(new[] { "idle", "idle" }), "in 3 → 2 → 1 when it stops");
        Assert.That(actions.Select(d => d.UnavailableSources.Count), Is.All.Zero, "the source never failed");
        Assert.That(served, Is.EqualTo(30), "the scaled-out servers serve every request");
        Assert.That(source.LastStatus!.Problems, Is.Empty);
    }

    [Test]
    [CancelAfter(2 * 60 * 1000)]
    public async Task Engine_HAProxyStoppedAndStartedAgain_SourceUnavailableInEventsAndDecisionsThenRecovered()
    {
        var options = HAProxyProcess.TestOptions();
        await using var h = await HAProxyProcess.StartAsync(options, ["web"]);
        var time = new VirtualTimeProvider(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
        var metrics = HAProxyMetricsIntegrationTests.MetricsOptions(h);
        metrics.Polling.Interval = Step;
        metrics.Polling.MaxRetryAttempts = 0;
        using var source = HAProxyMetrics.CreateSource(metrics, time);
        var read = AutoscaleSettingJson.Read(Setting);
        using var engine = new AutoscaleEngine(new TimeProviderScheduler(time));
        engine.AddScaleSet("web", read.Setting!, 2, [source]);
        var events = new ConcurrentQueue<AutoscaleEngineEvent>();
        var evaluations = new ConcurrentQueue<ScaleDecision>();
        using var watchingEvents = engine.Events.Subscribe(events.Enqueue);
        using var watchingEvaluations = engine.Evaluations.Subscribe(evaluations.Enqueue);
        using var evaluating = engine.Start();
        await PollAsync(source, time, 4);

        await h.StopAsync();
        await PollAsync(source, time, 4);
        var outage = evaluations.Last();
        await h.StartAgainAsync();
        await PollAsync(source, time, 1);

        var unavailable = events.Where(e => e.Kind == AutoscaleEngineEventKind.SourceUnavailable).ToList();
        Assert.That(unavailable, Has.Count.EqualTo(1), "once per outage");
        Assert.That(unavailable[0].Message, Does.Contain("haproxy web").And.Contain(h.SocketPath));
        Assert.That(outage.UnavailableSources.Select(o => o.Source), Is.EqualTo(new[] { "haproxy web" }), "the decision names the source the rules had no data from");
        Assert.That(outage.Explain(), Does.Contain("source 'haproxy web' unavailable since"));
        Assert.That(events.Where(e => e.Kind == AutoscaleEngineEventKind.SourceRecovered).Select(e => e.Message), Has.Exactly(1).Contains("haproxy web"));
    }

    /// <summary>Moves the virtual clock on by <paramref name="polls"/> poll intervals, waiting (in real time, bounded) for each poll to end.</summary>
    private static async Task PollAsync(ScaleSets.Sources.PolledMetricSource source, VirtualTimeProvider time, int polls)
    {
        for (var i = 0; i < polls; i++)
        {
            var polled = time.GetUtcNow() + Step;
            time.Advance(Step);
            await Eventually.UntilAsync(() => source.LastStatus is { } s && s.Time >= polled, TimeSpan.FromSeconds(10), "the poll ends");
        }
    }

    private static async Task<int> ReadyAsync(HAProxyLoadBalancer lb) =>
        (await lb.ListMembersAsync("web", CancellationToken.None)).Count(m => m.State == LoadBalancerMemberState.Ready);

    /// <summary>
    /// One step: <paramref name="requestsPerStep"/> real requests through HAProxy, a controller pass, the virtual clock on by
    /// one poll interval (the source polls, the engine evaluates at each minute), then a real wait for the poll to end.
    /// </summary>
    private static async Task RunUntilAsync(
        HAProxyProcess h, ScaleSetController controller, ScaleSets.Sources.PolledMetricSource source, VirtualTimeProvider time, int requestsPerStep, Func<Task<bool>> done, int maxSteps, string what)
    {
        for (var step = 0; step < maxSteps; step++)
        {
            await Http.GetManyAsync(h.FrontendUri("web"), requestsPerStep);
            await controller.ReconcileOnceAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30), TimeProvider.System);
            if (await done())
            {
                return;
            }

            await PollAsync(source, time, 1);
        }

        Assert.Fail($"{what}: not reached in {maxSteps} steps of {Step.TotalSeconds:0} s");
    }
}
