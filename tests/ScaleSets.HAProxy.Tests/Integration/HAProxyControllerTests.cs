using System.Collections.Concurrent;
using ScaleSets.Abstractions;
using ScaleSets.Control;
using ScaleSets.Simulation.Cloud;
using ScaleSets.Simulation.Time;

namespace ScaleSets.HAProxy.Tests.Integration;

/// <summary>
/// The scale set controller driving a real HAProxy: the simulated cloud (on a virtual clock) creates and deletes instances,
/// each backed by a real HTTP server on loopback, while a client keeps sending requests through HAProxy.
/// </summary>
[TestFixture]
[Category("HAProxy")]
public sealed class HAProxyControllerTests
{
    private static readonly TimeSpan PassTimeout = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Controller_ScalesTwoToTenToThree_NoFailedClientRequest()
    {
        var options = HAProxyProcess.TestOptions();
        // A healthy server must not be taken out because one 100 ms check was slow on a loaded machine (the test runs
        // beside the other test assemblies): three failed checks in a row mark it down, as a production setting would.
        options.HealthCheckFall = 3;
        await using var h = await HAProxyProcess.StartAsync(options, ["web"]);
        using var lb = h.NewLoadBalancer(options);
        var time = new VirtualTimeProvider(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
        var cloud = new SimulatedCloud(new SimulatedCloudOptions { CreateLatency = TimeSpan.Zero, OperationLatency = TimeSpan.Zero, BootTime = TimeSpan.FromSeconds(10), BootTimeSpread = TimeSpan.Zero }, time);
        await using var compute = new LoopbackComputeProvider(cloud.Compute);
        var controllerOptions = new ScaleSetControllerOptions
        {
            ScaleSetName = "web",
            DrainTimeout = TimeSpan.FromMinutes(1),
            InstanceWarmup = TimeSpan.Zero,
            RetryBaseDelay = TimeSpan.Zero,
        };
        using var controller = new ScaleSetController(controllerOptions, new ScaleSetModel { Version = "v1", ImageReference = "golden-v1" }, compute, lb, time);
        var events = new ConcurrentQueue<ControllerEvent>();
        using var subscription = controller.Events.Subscribe(new Recorder(events));

        await SettleAsync(controller, lb, time, 2, "initial");

        var results = new ConcurrentQueue<(string Phase, int Status, string Body)>();
        var phase = "at-2";
        using var stop = new CancellationTokenSource();
        var client = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var current = Volatile.Read(ref phase);
                var (status, body) = await Http.GetAsync(h.FrontendUri("web"));
                results.Enqueue((current, status, body));
            }
        });

        try
        {
            await Eventually.UntilAsync(() => results.Count(r => r.Phase == "at-2") >= 20, TimeSpan.FromSeconds(10), "client traffic at 2");
            Volatile.Write(ref phase, "scale-out");
            await SettleAsync(controller, lb, time, 10, "scale-out");
            Volatile.Write(ref phase, "at-10");
            await Eventually.UntilAsync(() => results.Where(r => r.Phase == "at-10").Select(r => r.Body).Distinct().Count() >= 10, TimeSpan.FromSeconds(10), "traffic reaches all 10");
            Volatile.Write(ref phase, "scale-in");
            await SettleAsync(controller, lb, time, 3, "scale-in");
            Volatile.Write(ref phase, "at-3");
            await Eventually.UntilAsync(() => results.Count(r => r.Phase == "at-3") >= 20, TimeSpan.FromSeconds(10), "client traffic at 3");
        }
        finally
        {
            await stop.CancelAsync();
            await client.WaitAsync(TimeSpan.FromSeconds(30), TimeProvider.System);
        }

        var byPhase = results.GroupBy(r => r.Phase).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var (name, list) in byPhase)
        {
            TestContext.Out.WriteLine($"{name}: {list.Count} requests, {list.Count(r => r.Status != 200)} failed, {list.Select(r => r.Body).Distinct().Count()} servers answered");
        }

        Assert.That(byPhase["scale-in"], Has.Count.GreaterThanOrEqualTo(10), "the client kept sending during scale-in (a loaded machine sends fewer)");
        Assert.That(byPhase["scale-in"].Where(r => r.Status != 200).Select(r => $"{r.Status} {r.Body}"), Is.Empty, "no failed request during scale-in");
        Assert.That(results.Where(r => r.Status != 200).Select(r => $"{r.Phase}: {r.Status} {r.Body}"), Is.Empty, "no failed request at all");
        Assert.That(byPhase["at-3"].Select(r => r.Body).Distinct().Count(), Is.EqualTo(3));
        Assert.That(cloud.GetInstances("web"), Has.Count.EqualTo(3));
        Assert.That(compute.Backends, Has.Count.EqualTo(3), "deleted instances' servers are stopped");
        var removed = events.Where(e => e.Kind == ControllerEventKind.InstanceRemovedFromPool).ToList();
        Assert.That(removed, Has.Count.EqualTo(7));
        Assert.That(events.Where(e => e.Kind == ControllerEventKind.Error).Select(e => e.Message), Is.Empty);
    }

    /// <summary>Sets the capacity and runs passes (virtual clock +5 s, real time +100 ms for HAProxy's checks) until converged with every member up.</summary>
    private static async Task SettleAsync(ScaleSetController controller, HAProxyLoadBalancer lb, VirtualTimeProvider time, int capacity, string cause)
    {
        controller.SetDesiredCapacity(capacity, cause);
        for (var pass = 0; pass < 200; pass++)
        {
            var result = await controller.ReconcileOnceAsync(CancellationToken.None).WaitAsync(PassTimeout, TimeProvider.System);
            if (result.Converged)
            {
                var stats = await lb.StatAsync("web", CancellationToken.None);
                if (stats.Count == capacity && stats.All(s => s.IsUp && !s.IsTransitional && s.Admin == ScaleSets.HAProxy.Runtime.ServerAdminState.Ready))
                {
                    return;
                }
            }

            time.Advance(TimeSpan.FromSeconds(5));
            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System);
        }

        Assert.Fail($"capacity {capacity} not reached with every member up");
    }

    private sealed class Recorder(ConcurrentQueue<ControllerEvent> events) : IObserver<ControllerEvent>
    {
        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void OnNext(ControllerEvent value) => events.Enqueue(value);
    }
}
