using System.Globalization;
using System.Reactive.Concurrency;
using ScaleSets.Engine;
using ScaleSets.Metrics;
using ScaleSets.Policy;
using ScaleSets.Simulation.Cloud;
using ScaleSets.Simulation.Elasticity;
using ScaleSets.Simulation.Policies;
using ScaleSets.Simulation.Service;
using ScaleSets.Simulation.Workloads;

namespace ScaleSets.Simulation.Runs;

/// <summary>
/// Runs one policy over a workload: the real <see cref="AutoscaleEngine"/> on a virtual clock (an Rx
/// <see cref="HistoricalScheduler"/>, evaluating every step as its timer does in production), fed each step with
/// every ready instance's CPU and the set's request rate, its scale actions applied to an <see cref="InstancePool"/>
/// with the simulated cloud's boot semantics.
/// </summary>
internal sealed class PolicySimulation : IObserver<ScaleDecision>
{
    private const string ScaleSetName = "simulated";
    private readonly Workload _workload;
    private readonly ServiceModel _service;
    private readonly SimulationOptions _options;
    private readonly SimulationPolicy _policy;
    private readonly int[] _demand;
    private readonly List<int> _actionSteps = [];
    private InstancePool? _pool;
    private HistoricalScheduler? _scheduler;
    private int _step;
    private Exception? _failure;

    public PolicySimulation(Workload workload, ServiceModel service, SimulationOptions options, SimulationPolicy policy, int[] demand)
    {
        _workload = workload;
        _service = service;
        _options = options;
        _policy = policy;
        _demand = demand;
    }

    public PolicyRun Run(Action<int>? onStep = null)
    {
        var count = _workload.Count;
        var step = _workload.Step;
        var supply = new int[count];
        var billed = new int[count];
        var violated = new bool[count];
        var cloud = new SimulatedCloudOptions
        {
            Seed = _options.Seed,
            CreateLatency = _options.CreateLatency,
            BootTime = _options.BootTime,
            BootTimeSpread = _options.BootTimeSpread,
            BootFailureRate = _options.BootFailureRate,
        };
        var initial = _policy.InitialCapacity ?? _demand[0];
        _pool = new InstancePool(cloud, _policy.Name, initial);
        _scheduler = new HistoricalScheduler(_workload.Start);
        var noise = new Random(unchecked((_options.Seed * 486187739) + StableHash(_policy.Name)));
        var ids = new List<string>();
        var slo = _options.LatencySlo?.TotalSeconds;
        var warnings = Warnings();

        using var engine = new AutoscaleEngine(_scheduler, new AutoscaleEngineOptions { EvaluationInterval = step, InstanceLimit = Math.Max(1000, _options.MaximumInstances) });
        var autoscaler = engine.AddScaleSet(ScaleSetName, _policy.Setting, initial);
        using var decisions = engine.Decisions.Subscribe(this);
        using var running = engine.Start();
        for (_step = 0; _step < count; _step++)
        {
            var now = _workload.TimeAt(_step);
            _pool.Advance(now.UtcTicks);
            var ready = _pool.Ready;
            var load = _workload.RequestsPerSecond[_step];
            var utilization = _service.Utilization(load, ready);
            supply[_step] = ready;
            billed[_step] = _pool.Total;
            violated[_step] = utilization > 1 || (slo is { } limit && _service.LatencySeconds(load, ready) > limit);

            var cpu = Math.Min(100.0, utilization * 100.0);
            while (ids.Count < ready)
            {
                ids.Add("i" + ids.Count.ToString(CultureInfo.InvariantCulture));
            }

            for (var i = 0; i < ready; i++)
            {
                var value = Math.Clamp(cpu * (1 + (_options.CpuNoise * Gaussian(noise))), 0, 100);
                autoscaler.Ingest(new MetricSample(SimulationMetricNames.Cpu, MetricSourceKind.Host, value, now, ids[i]));
            }

            autoscaler.Ingest(new MetricSample(SimulationMetricNames.RequestsPerSecond, MetricSourceKind.Application, load, now));

            // The engine's timer fires at the next step boundary and evaluates there, as in production.
            _scheduler.AdvanceTo(now + step);
            if (_failure is not null)
            {
                throw new InvalidOperationException($"policy '{_policy.Name}': {_failure.Message}", _failure);
            }

            onStep?.Invoke(_step);
        }

        var metrics = ElasticityCalculator.Compute(_demand, supply, billed, violated, _actionSteps.Count, step);
        return new PolicyRun(_policy.Name, metrics, supply, billed, [.. _actionSteps], _pool.FailedBoots, warnings);
    }

    void IObserver<ScaleDecision>.OnNext(ScaleDecision value)
    {
        if (!value.IsAction)
        {
            return;
        }

        // The decision is taken at the end of the current step, so it shows from the next one.
        _actionSteps.Add(Math.Min(_step + 1, _workload.Count - 1));
        _pool!.SetDesired(value.To, _scheduler!.Now.UtcTicks);
    }

    void IObserver<ScaleDecision>.OnError(Exception error) => _failure = error;

    void IObserver<ScaleDecision>.OnCompleted()
    {
    }

    private List<string> Warnings()
    {
        var warnings = new List<string>();
        foreach (var profile in _policy.Setting.Profiles)
        {
            foreach (var rule in profile.Rules)
            {
                var metric = rule.MetricTrigger.MetricName;
                if (!string.Equals(metric, SimulationMetricNames.Cpu, StringComparison.OrdinalIgnoreCase)
                    && !string.Equals(metric, SimulationMetricNames.RequestsPerSecond, StringComparison.OrdinalIgnoreCase))
                {
                    warnings.Add($"policy '{_policy.Name}', profile '{profile.Name}': rule '{rule.Name ?? "(unnamed)"}' watches '{metric}', which the simulation does not report (it reports '{SimulationMetricNames.Cpu}' and '{SimulationMetricNames.RequestsPerSecond}'); the rule sees missing data");
                }
            }
        }

        return warnings;
    }

    private static int StableHash(string text)
    {
        var h = 17;
        foreach (var c in text)
        {
            h = unchecked((h * 31) + c);
        }

        return h;
    }

    private static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
