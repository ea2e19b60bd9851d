using ScaleSets.Abstractions;
using ScaleSets.Control;
using ScaleSets.Simulation.Cloud;
using ScaleSets.Simulation.Time;

namespace ScaleSets.Simulation.Tests.Control;

/// <summary>A controller wired to a simulated cloud on a virtual clock, with every event recorded.</summary>
internal sealed class ControllerHarness : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    public ControllerHarness(Action<ScaleSetControllerOptions>? configure = null, Action<SimulatedCloudOptions>? cloud = null, IInstanceWarmupSink? warmup = null, IInstanceLifecycleHook? hook = null, IHealthProbe? probe = null, Func<IComputeProvider, IComputeProvider>? compute = null)
    {
        Time = new VirtualTimeProvider(Start);
        var cloudOptions = new SimulatedCloudOptions { CreateLatency = TimeSpan.FromSeconds(10), OperationLatency = TimeSpan.FromSeconds(1), BootTime = TimeSpan.FromSeconds(60), BootTimeSpread = TimeSpan.Zero, ConnectionDrainTime = TimeSpan.FromSeconds(20) };
        cloud?.Invoke(cloudOptions);
        Cloud = new SimulatedCloud(cloudOptions, Time);
        Options = new ScaleSetControllerOptions { ScaleSetName = "web", DrainTimeout = TimeSpan.FromMinutes(2) };
        Options.Zones.Clear();
        Options.Zones.Add("1");
        Options.Zones.Add("2");
        Options.Zones.Add("3");
        configure?.Invoke(Options);
        Warmup = warmup;
        Hook = hook;
        Probe = probe;
        Compute = compute?.Invoke(Cloud.Compute) ?? Cloud.Compute;
        StateStore = Cloud.StateStore;
        Controller = NewController();
    }

    public VirtualTimeProvider Time { get; }

    public SimulatedCloud Cloud { get; }

    public ScaleSetControllerOptions Options { get; }

    public ScaleSetModel Model { get; set; } = new() { Version = "v1", ImageReference = "golden-v1.vhdx" };

    public ScaleSetController Controller { get; private set; }

    public List<ControllerEvent> Events { get; } = [];

    /// <summary>Gets or sets the store the next controller made uses: the cloud's, or one a test gives (then <see cref="Restart"/>).</summary>
    public IControllerStateStore StateStore { get; set; }

    private IInstanceWarmupSink? Warmup { get; }

    private IInstanceLifecycleHook? Hook { get; }

    private IHealthProbe? Probe { get; }

    /// <summary>Gets the provider the controller calls: the cloud's, or a wrapper of it a test put in between.</summary>
    private IComputeProvider Compute { get; }

    public IReadOnlyList<InstanceInfo> Instances => Cloud.GetInstances("web");

    public IReadOnlyList<LoadBalancerMember> Members => Cloud.GetMembers("web");

    public ScaleSetController NewController()
    {
        var c = new ScaleSetController(Options, Model, Compute, Cloud.LoadBalancer, Time, Probe, Warmup, Hook, StateStore);
        c.Events.Subscribe(new Recorder(Events));
        return c;
    }

    public void Restart()
    {
        Controller.Dispose();
        Controller = NewController();
    }

    public async Task<ReconcileResult> PassAsync()
    {
        var task = Controller.ReconcileOnceAsync(CancellationToken.None);
        Assert.That(await Time.RunUntilCompletedAsync(task, TimeSpan.FromDays(1)), Is.True, "pass did not finish");
        return await task;
    }

    /// <summary>Runs passes every <paramref name="interval"/> until converged; returns the last result.</summary>
    public async Task<ReconcileResult> SettleAsync(int maxPasses = 200, TimeSpan? interval = null)
    {
        var result = await PassAsync();
        for (var i = 0; i < maxPasses && !result.Converged; i++)
        {
            Time.Advance(interval ?? TimeSpan.FromSeconds(15));
            result = await PassAsync();
        }

        return result;
    }

    public async Task RunForAsync(TimeSpan span, TimeSpan? interval = null)
    {
        var end = Time.GetUtcNow() + span;
        while (Time.GetUtcNow() < end)
        {
            await PassAsync();
            Time.Advance(interval ?? TimeSpan.FromSeconds(15));
        }
    }

    /// <summary>Crashes the first instance and runs one pass, which sees it unhealthy; returns its id.</summary>
    public async Task<string> CrashFirstAsync()
    {
        var crashed = Instances[0].Id;
        Cloud.Crash(crashed);
        await PassAsync();
        return crashed;
    }

    public Dictionary<string, int> ZoneCounts() =>
        Instances.GroupBy(i => i.Zone).ToDictionary(g => g.Key, g => g.Count());

    public void Dispose() => Controller.Dispose();

    private sealed class Recorder(List<ControllerEvent> events) : IObserver<ControllerEvent>
    {
        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void OnNext(ControllerEvent value) => events.Add(value);
    }
}
