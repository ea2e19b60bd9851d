using System.Reactive.Subjects;
using ScaleSets.Abstractions;
using ScaleSets.Control;
using ScaleSets.Engine;
using ScaleSets.Metrics;
using ScaleSets.Model;
using ScaleSets.Simulation.Cloud;
using ScaleSets.Simulation.Time;

namespace ScaleSets.Simulation.Tests.Integration;

/// <summary>
/// The engine's current capacity is the scale set's capacity (as Azure autoscale reads the scale set's capacity and HPA the
/// scale subresource), not its own last decision: a capacity set by hand, and a scale-out the set could not complete, reach
/// the engine through the binding after the controller's next pass.
/// </summary>
[TestFixture]
public sealed class AutoscaleBindingCapacityTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Bind_CapacitySetByHand_EngineStartsFromIt()
    {
        using var loop = new Loop(ZoneBalanceMode.BestEffort);
        await loop.PassAsync();

        loop.Controller.SetDesiredCapacity(7, "operator");
        await loop.PassAsync();

        Assert.That(loop.Autoscaler.Capacity, Is.EqualTo(7));
    }

    [Test]
    public async Task Bind_StrictZoneBlocksScaleOut_EngineLearnsTheCapacityTheSetHas()
    {
        using var loop = new Loop(ZoneBalanceMode.Strict);
        await loop.PassAsync();
        loop.Cloud.SetZoneOutage("2", true);

        loop.Controller.SetDesiredCapacity(9, "engine-like");
        var result = await loop.PassAsync();

        Assert.Multiple(() =>
        {
            Assert.That(result.ScaleOutIncomplete, Is.True);
            Assert.That(result.CurrentCapacity, Is.EqualTo(result.InService).And.LessThan(9));
            Assert.That(loop.Autoscaler.Capacity, Is.EqualTo(result.InService), "the engine reasons from the instances the set holds");
        });
    }

    [Test]
    public async Task Bind_SetFollowsTheEngine_NoCapacityReported()
    {
        using var loop = new Loop(ZoneBalanceMode.BestEffort);
        var reported = new List<ReconcileResult>();
        using var passes = loop.Controller.Passes.Subscribe(reported.Add);

        var result = await loop.PassAsync();

        Assert.Multiple(() =>
        {
            Assert.That(reported, Is.EqualTo(new[] { result }), "every pass is published once, after it ends");
            Assert.That(result.CurrentCapacity, Is.EqualTo(3));
            Assert.That(loop.Autoscaler.Capacity, Is.EqualTo(3));
        });
    }

    [Test]
    public void Bind_ControllerRefusesOneDecision_LaterDecisionsStillReachIt()
    {
        // The setting allows 20, the controller 4: the scale-out to 5 is refused, and the binding must outlive it.
        using var loop = new Loop(ZoneBalanceMode.BestEffort, maxInstances: 4);
        var failures = new List<AutoscaleEngineEvent>();
        using var watch = loop.Engine.Events.Subscribe(e => { if (e.Kind == AutoscaleEngineEventKind.ObserverFailed) failures.Add(e); });

        loop.FeedCpu(90, TimeSpan.FromMinutes(5));
        var refused = loop.Autoscaler.Evaluate();
        loop.Autoscaler.ReportCapacity(2);
        loop.FeedCpu(90, TimeSpan.FromMinutes(4));
        var accepted = loop.Autoscaler.Evaluate();

        Assert.Multiple(() =>
        {
            Assert.That((refused.From, refused.To), Is.EqualTo((3, 5)));
            Assert.That(failures, Has.Count.EqualTo(1), "the refusal is reported");
            Assert.That((accepted.From, accepted.To), Is.EqualTo((2, 4)));
            Assert.That(loop.Controller.DesiredCapacity, Is.EqualTo(4), "the binding forwarded the decision after the refused one");
        });
    }

    [Test]
    public async Task Bind_SetStartsWithNoInstances_FirstPassCreatesTheProfileMinimumBeforeAnyEvaluation()
    {
        using var loop = new Loop(ZoneBalanceMode.BestEffort, initialCapacity: 0, minimum: 2);
        var events = new List<ControllerEvent>();
        using var watch = loop.Controller.Events.Subscribe(events.Add);

        var result = await loop.PassAsync();
        var desired = loop.Controller.DesiredCapacity;
        var engineCapacity = loop.Autoscaler.Capacity;
        var first = loop.Autoscaler.Evaluate();

        Assert.Multiple(() =>
        {
            Assert.That(desired, Is.EqualTo(2), "the profile's minimum, not the 0 instances the set starts with");
            Assert.That(events.Where(e => e.Kind == ControllerEventKind.InstanceCreated).Select(e => e.CauseId), Is.EqualTo(new[] { "web#initial", "web#initial" }), "created on the first pass, caused by the starting capacity");
            Assert.That(result.CurrentCapacity, Is.EqualTo(2));
            Assert.That(engineCapacity, Is.EqualTo(2), "the engine starts from the minimum too");
            Assert.That(first.From, Is.EqualTo(2), "the first evaluation starts from the minimum");
            Assert.That(first.Reason, Is.Not.EqualTo(ScaleSets.Policy.ScaleReason.ProfileMinimum), "no minimum left to restore");
        });
    }

    [Test]
    public async Task Bind_SetStartsAboveTheMinimum_KeepsItsCapacity()
    {
        using var loop = new Loop(ZoneBalanceMode.BestEffort, initialCapacity: 3, minimum: 2);

        await loop.PassAsync();

        Assert.That(loop.Controller.DesiredCapacity, Is.EqualTo(3));
    }

    private sealed class Loop : IDisposable
    {
        private readonly VirtualTimeProvider _time = new(Start);
        private readonly AutoscaleEngine _engine;
        private readonly Subject<MetricSample> _cpu = new();
        private readonly IDisposable _binding;

        public Loop(ZoneBalanceMode zoneBalance, int maxInstances = ScaleSetControllerOptions.InstanceLimit, int initialCapacity = 3, int minimum = 1)
        {
            Cloud = new SimulatedCloud(new SimulatedCloudOptions { CreateLatency = TimeSpan.FromSeconds(20), BootTime = TimeSpan.FromSeconds(60), BootTimeSpread = TimeSpan.Zero }, _time);
            _engine = new AutoscaleEngine(new TimeProviderScheduler(_time));
            Autoscaler = _engine.AddScaleSet("web", Setting(minimum), initialCapacity, [_cpu]);
            var options = new ScaleSetControllerOptions { ScaleSetName = "web", ZoneBalance = zoneBalance, MaxInstances = maxInstances };
            options.Zones.Clear();
            options.Zones.Add("1");
            options.Zones.Add("2");
            options.Zones.Add("3");
            Controller = new ScaleSetController(options, new ScaleSetModel { Version = "v1", ImageReference = "golden.vhdx" }, Cloud.Compute, Cloud.LoadBalancer, _time, warmupSink: Autoscaler);
            _binding = AutoscaleBinding.Bind(Autoscaler, Controller);
        }

        public SimulatedCloud Cloud { get; }

        public AutoscaleEngine Engine => _engine;

        /// <summary>Reports a CPU value for three instances every 30 s over <paramref name="span"/>, moving the clock along.</summary>
        public void FeedCpu(double value, TimeSpan span)
        {
            for (var t = TimeSpan.Zero; t < span; t += TimeSpan.FromSeconds(30))
            {
                _time.Advance(TimeSpan.FromSeconds(30));
                foreach (var vm in new[] { "vm-0", "vm-1", "vm-2" })
                {
                    _cpu.OnNext(new MetricSample("Percentage CPU", MetricSourceKind.Host, value, _time.GetUtcNow(), vm));
                }
            }
        }

        public ScaleSetAutoscaler Autoscaler { get; }

        public ScaleSetController Controller { get; }

        public async Task<ReconcileResult> PassAsync()
        {
            var pass = Controller.ReconcileOnceAsync(CancellationToken.None);
            Assert.That(await _time.RunUntilCompletedAsync(pass, TimeSpan.FromHours(1)), Is.True);
            return await pass;
        }

        public void Dispose()
        {
            _binding.Dispose();
            Controller.Dispose();
            _engine.Dispose();
            _cpu.Dispose();
        }

        private static AutoscaleSetting Setting(int minimum) => new()
        {
            Name = "web",
            Profiles =
            [
                new AutoscaleProfile
                {
                    Name = "default",
                    Capacity = new ScaleCapacity { Minimum = minimum, Maximum = 20, Default = 3 },
                    Rules =
                    [
                        new ScaleRule
                        {
                            Name = "cpu-high",
                            MetricTrigger = new MetricTrigger { MetricName = "Percentage CPU", TimeWindow = TimeSpan.FromMinutes(5), Operator = ComparisonOperator.GreaterThan, Threshold = 70 },
                            ScaleAction = new ScaleAction { Direction = ScaleDirection.Increase, Value = 2, Cooldown = TimeSpan.FromMinutes(3) },
                        },
                    ],
                },
            ],
        };
    }
}
