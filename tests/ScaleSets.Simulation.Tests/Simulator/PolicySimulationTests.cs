using ScaleSets.Abstractions;
using ScaleSets.Control;
using ScaleSets.Engine;
using ScaleSets.Model;
using ScaleSets.Simulation.Cloud;
using ScaleSets.Simulation.Policies;
using ScaleSets.Simulation.Runs;
using ScaleSets.Simulation.Service;
using ScaleSets.Simulation.Workloads;

namespace ScaleSets.Simulation.Tests.Simulator;

/// <summary>
/// A policy run goes through the production path: engine decisions reach a real <see cref="ScaleSetController"/> through
/// <see cref="AutoscaleBinding"/>, the controller provisions in a <see cref="SimulatedCloud"/>, and supply is what the
/// load balancer has in rotation.
/// </summary>
[TestFixture]
public sealed class PolicySimulationTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    [Test]
    public void Run_FixedCapacityAboveTheInitial_SupplyRisesThroughTheLoadBalancerAfterCreateLatencyAndBootTime()
    {
        // Capacity fixed at 10 from 2 instances: the engine's first evaluation (when it starts, with the workload) asks for
        // 10; the next pass (within 15 s) creates 8 (30 s), they boot 10 minutes, and the pass after that puts them in rotation.
        var options = new SimulationOptions { InstanceCapacity = 100, BootTime = TimeSpan.FromMinutes(10), BootTimeSpread = TimeSpan.Zero, CreateLatency = TimeSpan.FromSeconds(30) };
        var events = new List<ControllerEvent>();
        var readyAtEnd = -1;
        var run = Simulate(Constant(20, 40), options, Fixed(10, initial: 2), PolicySimulation.CloudOptions(options), (cloud, controller, _) =>
        {
            controller.Events.Subscribe(events.Add);
        }, cloud => readyAtEnd = cloud.GetMembers("simulated").Count(m => m.State == LoadBalancerMemberState.Ready));

        var ready = events.Where(e => e.Kind == ControllerEventKind.InstanceReady && e.Time >= Start).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(run.Supply.Take(11), Is.All.EqualTo(2), "nothing new is ready before 30 s + 10 min");
            Assert.That(run.Billed[3], Is.EqualTo(10), "the booting instances exist in the cloud and are paid for");
            Assert.That(run.Supply.Skip(11), Is.All.EqualTo(10));
            Assert.That(ready, Has.Count.EqualTo(8), "the controller put each new instance in rotation");
            Assert.That(ready.Select(e => e.Time), Is.All.InRange(Start.AddMinutes(10.5), Start.AddMinutes(11)));
            Assert.That(ready.Select(e => e.CauseId), Is.All.StartsWith("simulated#"), "every instance traces back to the engine's decision");
            Assert.That(readyAtEnd, Is.EqualTo(run.Supply[^1]), "supply is the load balancer's ready members");
        });
    }

    [Test]
    public void Run_ShorterBootTime_SupplyRisesSooner()
    {
        var options = new SimulationOptions { InstanceCapacity = 100, BootTime = TimeSpan.FromMinutes(2), BootTimeSpread = TimeSpan.Zero, CreateLatency = TimeSpan.FromSeconds(30) };
        var run = Simulate(Constant(20, 20), options, Fixed(10, initial: 2), PolicySimulation.CloudOptions(options));
        Assert.Multiple(() =>
        {
            Assert.That(run.Supply.Take(3), Is.All.EqualTo(2));
            Assert.That(run.Supply.Skip(3), Is.All.EqualTo(10));
        });
    }

    [Test]
    public void Run_CreatesFailPermanently_ControllerReportsEachFailureAndStillReachesTheCapacity()
    {
        var options = new SimulationOptions { InstanceCapacity = 100, BootTime = TimeSpan.FromMinutes(2), BootTimeSpread = TimeSpan.Zero };
        var cloudOptions = PolicySimulation.CloudOptions(options);
        cloudOptions.PermanentFailureRate = 0.4;
        var failures = new List<ControllerEvent>();
        var run = Simulate(Constant(20, 30), options, Fixed(10, initial: 2), cloudOptions, (_, controller, _) => controller.Events.Subscribe(e =>
        {
            if (e.Kind == ControllerEventKind.InstanceCreateFailed)
            {
                failures.Add(e);
            }
        }));

        Assert.Multiple(() =>
        {
            Assert.That(failures, Is.Not.Empty, "40% of creates fail; the controller says so");
            Assert.That(failures.Select(e => e.Message), Is.All.Contains("simulated permanent failure"));
            Assert.That(run.Supply[^1], Is.EqualTo(10), "later passes create replacements for the failed creates");
        });
    }

    [Test]
    public void Run_NewInstancesTurnHealthy_ControllerTellsTheEngineTheyAreWarmingUp()
    {
        var options = new SimulationOptions { InstanceCapacity = 100, BootTime = TimeSpan.FromMinutes(2), BootTimeSpread = TimeSpan.Zero };
        ScaleSetAutoscaler? autoscaler = null;
        Simulate(Constant(20, 12), options, Fixed(10, initial: 2), PolicySimulation.CloudOptions(options), (_, _, a) => autoscaler = a);

        // The 8 new instances report CPU from minute 3; the controller's default warm-up (5 minutes) keeps their samples out.
        Assert.That(autoscaler!.Statistics.WarmingUp, Is.GreaterThanOrEqualTo(8 * 5));
    }

    [TestCaseSource(typeof(BuiltInPolicies), nameof(BuiltInPolicies.Names))]
    public void Run_SkippingIdlePasses_SameRunAsEveryPass(string name)
    {
        // A day of the month's cycle, with boot failures (repaired after the 30-minute grace period) and scale-ins (drains):
        // the skipped passes must not change a single controller event, supply or cost, whatever the policy does.
        var workload = SyntheticWorkload.Create(SyntheticWorkload.Month, 3).Slice(SyntheticWorkload.Start.AddDays(3), SyntheticWorkload.Start.AddDays(4));
        var options = new SimulationOptions { Seed = 3, PeakInstances = 100, BootFailureRate = 0.15 };
        var policy = BuiltInPolicies.Create(name, SimulationRunner.CreateContext(workload, options));
        var service = SimulationRunner.CreateService(workload, options);
        var demand = workload.RequestsPerSecond.Select(service.Demand).ToArray();

        (PolicyRun Run, List<string> Events, PolicySimulation Simulation) Once(bool skip)
        {
            var events = new List<string>();
            var simulation = new PolicySimulation(workload, service, options, policy, demand, skip);
            var run = simulation.Run(PolicySimulation.CloudOptions(options), null, (_, controller, _) =>
                controller.Events.Subscribe(e => events.Add($"{e.Time:O} {e.Kind} {e.InstanceId} {e.CauseId} {e.Message}")));
            return (run, events, simulation);
        }

        var skipping = Once(skip: true);
        var every = Once(skip: false);
        Assert.Multiple(() =>
        {
            Assert.That(skipping.Simulation.SkippedPasses, Is.GreaterThan(0));
            Assert.That(every.Simulation.SkippedPasses, Is.Zero);
            Assert.That(skipping.Run.FailedBoots, Is.EqualTo(every.Run.FailedBoots));
            if (name != BuiltInPolicies.React)
            {
                // React deletes the instances it launched before a failed boot's grace period ends, so it repairs none.
                Assert.That(skipping.Run.FailedBoots, Is.GreaterThan(0), "boot failures were repaired");
            }

            Assert.That(skipping.Events, Is.EqualTo(every.Events));
            Assert.That(skipping.Run.Supply, Is.EqualTo(every.Run.Supply));
            Assert.That(skipping.Run.Billed, Is.EqualTo(every.Run.Billed));
            Assert.That(skipping.Run.ActionSteps, Is.EqualTo(every.Run.ActionSteps));
        });
    }

    [Test]
    public void Run_RuleOnTheRequestRateOfAnApplicationInsightsComponent_SeesTheSimulatedRate()
    {
        // An Azure export reads the request rate from the app's Application Insights component, not from the scale set;
        // the simulation reports the rate for that resource too, so the rule has data and scales out.
        const string insights = "/subscriptions/s1/resourceGroups/rg/providers/microsoft.insights/components/web-ai";
        var options = new SimulationOptions { InstanceCapacity = 100, BootTime = TimeSpan.FromMinutes(1), BootTimeSpread = TimeSpan.Zero, CreateLatency = TimeSpan.FromSeconds(10) };
        var policy = Fixed(1, initial: 1);
        var profile = policy.Setting.Profiles[0];
        profile.Capacity = new ScaleCapacity { Minimum = 1, Maximum = 5, Default = 1 };
        profile.Rules[0].MetricTrigger.Threshold = 100; // CPU never exceeds 100 %: only the request rule can act
        profile.Rules.Add(new ScaleRule
        {
            Name = "requests",
            MetricTrigger = new MetricTrigger
            {
                MetricName = SimulationMetricNames.RequestsPerSecond,
                MetricResourceUri = insights,
                Source = Metrics.MetricSourceKind.Application,
                TimeWindow = TimeSpan.FromMinutes(5),
                Operator = ComparisonOperator.GreaterThan,
                Threshold = 100,
            },
            ScaleAction = new ScaleAction { Direction = ScaleDirection.Increase, Value = 1, Cooldown = TimeSpan.FromMinutes(5) },
        });
        var decisions = new List<Policy.ScaleDecision>();

        Simulate(Constant(500, 20), options, policy, PolicySimulation.CloudOptions(options), (_, _, autoscaler) => autoscaler.Decisions.Subscribe(decisions.Add));

        var acted = decisions.Where(d => d.IsAction && d.ActingRuleName == "requests").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(acted, Is.Not.Empty, () => "the rule on the component's rate scaled out: " + string.Join(" | ", decisions.Take(5).Select(d => d.Explain())));
            Assert.That(acted[0].Rules.Single(r => r.Name == "requests").Observed, Is.EqualTo(500));
        });
    }

    private static Workload Constant(double requestsPerSecond, int minutes) =>
        new("constant", Start, TimeSpan.FromMinutes(1), [.. Enumerable.Repeat(requestsPerSecond, minutes)]);

    private static SimulationPolicy Fixed(int capacity, int initial) => new(
        "fixed",
        new AutoscaleSetting
        {
            Name = "fixed",
            Profiles =
            [
                new AutoscaleProfile
                {
                    Name = "fixed",
                    Capacity = new ScaleCapacity { Minimum = capacity, Maximum = capacity, Default = capacity },

                    // A rule that reads CPU (so the engine takes the samples) and cannot move a fixed capacity.
                    Rules =
                    [
                        new ScaleRule
                        {
                            Name = "cpu",
                            MetricTrigger = new MetricTrigger { MetricName = SimulationMetricNames.Cpu, TimeWindow = TimeSpan.FromMinutes(5), Operator = ComparisonOperator.GreaterThan, Threshold = 90 },
                            ScaleAction = new ScaleAction { Direction = ScaleDirection.Increase, Value = 1, Cooldown = TimeSpan.FromMinutes(5) },
                        },
                    ],
                },
            ],
        },
        initial);

    private static PolicyRun Simulate(
        Workload workload,
        SimulationOptions options,
        SimulationPolicy policy,
        SimulatedCloudOptions cloudOptions,
        Action<SimulatedCloud, ScaleSetController, ScaleSetAutoscaler>? observe = null,
        Action<SimulatedCloud>? atEnd = null)
    {
        var service = SimulationRunner.CreateService(workload, options);
        var demand = workload.RequestsPerSecond.Select(service.Demand).ToArray();
        SimulatedCloud? cloud = null;
        var run = new PolicySimulation(workload, service, options, policy, demand).Run(cloudOptions, null, (c, controller, autoscaler) =>
        {
            cloud = c;
            observe?.Invoke(c, controller, autoscaler);
        });
        atEnd?.Invoke(cloud!);
        return run;
    }
}
