using System.Reactive.Subjects;
using ScaleSets.Abstractions;
using ScaleSets.Control;
using ScaleSets.Engine;
using ScaleSets.Metrics;
using ScaleSets.Model;
using ScaleSets.Policy;
using ScaleSets.Simulation.Cloud;
using ScaleSets.Simulation.Time;

namespace ScaleSets.Simulation.Tests.Integration;

/// <summary>
/// The engine and the controller on one virtual clock against the simulated cloud: a closed loop in which the CPU each
/// ready instance reports is the offered load divided by the number of ready instances.
/// </summary>
[TestFixture]
public sealed class EngineControllerTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task ClosedLoop_LoadRises_ControllerFollowsTheEngineAndEveryActionTracesToItsDecision()
    {
        var time = new VirtualTimeProvider(Start);
        var cloud = new SimulatedCloud(new SimulatedCloudOptions { CreateLatency = TimeSpan.FromSeconds(20), BootTime = TimeSpan.FromSeconds(60), BootTimeSpread = TimeSpan.Zero }, time);
        using var engine = new AutoscaleEngine(new TimeProviderScheduler(time));
        using var cpu = new Subject<MetricSample>();
        var autoscaler = engine.AddScaleSet("web", Setting(), 2, [cpu]);
        var options = new ScaleSetControllerOptions { ScaleSetName = "web" };
        options.Zones.Clear();
        options.Zones.Add("1");
        options.Zones.Add("2");
        using var controller = new ScaleSetController(options, new ScaleSetModel { Version = "v1", ImageReference = "golden.vhdx" }, cloud.Compute, cloud.LoadBalancer, time, warmupSink: autoscaler);
        var events = new List<ControllerEvent>();
        var decisions = new List<ScaleDecision>();
        using var recordEvents = controller.Events.Subscribe(events.Add);
        using var recordDecisions = engine.Decisions.Subscribe(decisions.Add);
        using var binding = AutoscaleBinding.Bind(autoscaler, controller);
        using var running = engine.Start();

        // 120% of one instance's CPU for 15 minutes keeps 2 instances at 60% each; then the load triples and the set
        // must grow until each instance is at or below the 70% scale-out threshold.
        for (var step = 0; step < 180; step++)
        {
            var load = step < 30 ? 120.0 : 360.0;
            var ready = cloud.GetMembers("web").Where(m => m.State == LoadBalancerMemberState.Ready).Select(m => m.InstanceId).ToList();
            foreach (var instance in ready)
            {
                cpu.OnNext(new MetricSample("Percentage CPU", MetricSourceKind.Host, Math.Min(100, load / ready.Count), time.GetUtcNow(), instance));
            }

            var pass = controller.ReconcileOnceAsync(CancellationToken.None);
            Assert.That(await time.RunUntilCompletedAsync(pass, TimeSpan.FromHours(1)), Is.True);
            await pass;
            time.Advance(TimeSpan.FromSeconds(30));
        }

        var readyAtEnd = cloud.GetMembers("web").Count(m => m.State == LoadBalancerMemberState.Ready);
        var actionIds = decisions.Where(d => d.IsAction).Select(d => d.Id).ToHashSet();
        var created = events.Where(e => e.Kind == ControllerEventKind.InstanceCreated).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(autoscaler.Capacity, Is.InRange(6, 8), "360% of load needs at least 6 instances below 70%");
            Assert.That(readyAtEnd, Is.EqualTo(autoscaler.Capacity), "the controller converged on the engine's capacity");
            Assert.That(created, Is.Not.Empty);
            Assert.That(created.Take(2).Select(e => e.CauseId), Is.All.EqualTo("web#initial"), "the starting capacity has its own cause");
            Assert.That(created.Skip(2).Select(e => e.CauseId), Is.All.Matches<string?>(id => id is not null && actionIds.Contains(id)), "every later create names the decision that caused it");
            Assert.That(autoscaler.Statistics.WarmingUp, Is.GreaterThan(0), "the controller told the engine which instances were warming up");
        });
    }

    private static AutoscaleSetting Setting() => new()
    {
        Name = "web",
        Profiles =
        [
            new AutoscaleProfile
            {
                Name = "default",
                Capacity = new ScaleCapacity { Minimum = 2, Maximum = 20, Default = 2 },
                Rules =
                [
                    new ScaleRule
                    {
                        Name = "cpu-high",
                        MetricTrigger = new MetricTrigger { MetricName = "Percentage CPU", TimeWindow = TimeSpan.FromMinutes(5), Operator = ComparisonOperator.GreaterThan, Threshold = 70 },
                        ScaleAction = new ScaleAction { Direction = ScaleDirection.Increase, Value = 2, Cooldown = TimeSpan.FromMinutes(3) },
                    },
                    new ScaleRule
                    {
                        Name = "cpu-low",
                        MetricTrigger = new MetricTrigger { MetricName = "Percentage CPU", TimeWindow = TimeSpan.FromMinutes(10), Operator = ComparisonOperator.LessThan, Threshold = 30 },
                        ScaleAction = new ScaleAction { Direction = ScaleDirection.Decrease, Value = 1, Cooldown = TimeSpan.FromMinutes(5) },
                    },
                ],
            },
        ],
    };
}
