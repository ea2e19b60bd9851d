using ScaleSets.Abstractions;
using ScaleSets.Control;
using ScaleSets.Engine;
using ScaleSets.Metrics;
using ScaleSets.Model;
using ScaleSets.Policy;
using ScaleSets.Simulation.Cloud;
using ScaleSets.Simulation.Elasticity;
using ScaleSets.Simulation.Policies;
using ScaleSets.Simulation.Service;
using ScaleSets.Simulation.Time;
using ScaleSets.Simulation.Workloads;

namespace ScaleSets.Simulation.Runs;

/// <summary>
/// Runs one policy over a workload with the production code end to end, on one virtual clock: the real
/// <see cref="AutoscaleEngine"/> (its own timer evaluating every step, as in production) decides, its decisions reach a real
/// <see cref="ScaleSetController"/> through <see cref="AutoscaleBinding"/>, and the controller creates, registers, drains and
/// deletes instances in a <see cref="SimulatedCloud"/> (create latency, boot time with spread, boot failures repaired by the
/// controller's automatic repairs). Supply at each step is the number of instances the load balancer has in rotation; each of
/// them reports CPU, and the controller tells the engine which ones are warming up, as production does.
/// </summary>
internal sealed class PolicySimulation : IObserver<ScaleDecision>
{
    private const string ScaleSetName = "simulated";
    private static readonly ScaleSetModel Model = new() { Version = "1", ImageReference = "simulated-image" };
    private readonly Workload _workload;
    private readonly ServiceModel _service;
    private readonly SimulationOptions _options;
    private readonly SimulationPolicy _policy;
    private readonly int[] _demand;
    private readonly int[] _bound;
    private readonly bool _skipIdlePasses;
    private readonly List<int> _actionSteps = [];
    private int _step;
    private long _repairs;
    private Exception? _failure;

    public PolicySimulation(Workload workload, ServiceModel service, SimulationOptions options, SimulationPolicy policy, int[] demand, bool skipIdlePasses = true, int[]? bound = null)
    {
        _workload = workload;
        _service = service;
        _options = options;
        _policy = policy;
        _demand = demand;
        _bound = bound ?? SloYardstick.Bound(workload.RequestsPerSecond, service, options.LatencySlo);
        _skipIdlePasses = skipIdlePasses;
    }

    /// <summary>Gets the reconcile passes the last run made.</summary>
    public long ReconcilePasses { get; private set; }

    /// <summary>Gets the reconcile passes the last run skipped because they could only have repeated an idle one.</summary>
    public long SkippedPasses { get; private set; }

    /// <summary>Gets the cloud options the simulation options describe.</summary>
    public static SimulatedCloudOptions CloudOptions(SimulationOptions options) => new()
    {
        Seed = options.Seed,
        CreateLatency = options.CreateLatency,
        BootTime = options.BootTime,
        BootTimeSpread = options.BootTimeSpread,
        BootFailureRate = options.BootFailureRate,
        StartTime = options.StartTime,
    };

    /// <summary>Gets the controller options of a simulated run: production defaults, except that a scale-out's creates all start at once.</summary>
    public static ScaleSetControllerOptions ControllerOptions(TimeSpan reconcileInterval) => new()
    {
        ScaleSetName = ScaleSetName,

        // A cloud scale set starts a whole scale-out (and deletes a whole scale-in) in one request, so the simulation's
        // provider takes a wave in one call, and lets every call of a pass be in flight together instead of 10 at a time.
        MaxConcurrentOperations = ScaleSetControllerOptions.InstanceLimit,
        MaxBatchSize = ScaleSetControllerOptions.InstanceLimit,
        ReconcileInterval = reconcileInterval,
    };

    public PolicyRun Run(Action<int>? onStep = null) => Run(CloudOptions(_options), onStep);

    public PolicyRun Run(SimulatedCloudOptions cloudOptions, Action<int>? onStep = null, Action<SimulatedCloud, ScaleSetController, ScaleSetAutoscaler>? observe = null)
    {
        var count = _workload.Count;
        var step = _workload.Step;
        var supply = new int[count];
        var billed = new int[count];
        var cost = new double[count];
        var stopped = new int[count];
        var violated = new bool[count];
        var utilizations = new double[count];
        var controllerOptions = ControllerOptions(_options.ReconcileInterval);
        if (_policy.InstanceWarmup is { } warmup)
        {
            controllerOptions.InstanceWarmup = warmup;
        }

        if (_options.WarmPoolSize > 0)
        {
            controllerOptions.WarmPool.Enabled = true;
            controllerOptions.WarmPool.MinSize = _options.WarmPoolSize;
        }

        var initial = _policy.InitialCapacity ?? _demand[0];

        // The initial instances are created, booted and warmed up before the workload starts, as a deployed set would be.
        // With a warm pool, its instances are prepared (booted, then stopped) before it starts too.
        var preRoll = cloudOptions.CreateLatency + cloudOptions.BootTime + cloudOptions.BootTimeSpread + controllerOptions.InstanceWarmup + (2 * controllerOptions.ReconcileInterval);
        if (_options.WarmPoolSize > 0)
        {
            // The warm pool is created after the set's instances in the same pass, then stopped a pass after it booted.
            preRoll += cloudOptions.CreateLatency + controllerOptions.ReconcileInterval + cloudOptions.OperationLatency;
        }

        preRoll = TimeSpan.FromMinutes(Math.Ceiling(preRoll.TotalMinutes));
        var time = new VirtualTimeProvider(_workload.Start - preRoll);
        // The controller is the only caller of the cloud's list calls and is done with each listing within its pass.
        var cloud = new SimulatedCloud(cloudOptions, time) { ReuseListings = true };
        var noise = new Random(unchecked((_options.Seed * 486187739) + StableHash(_policy.Name)));
        var ids = new List<string>();
        var samples = new MetricSample[64];
        var latencySlo = _options.LatencySlo;
        string[] cpuNames = [SimulationMetricNames.Cpu, .. _options.CpuMetricAliases];
        string[] rateNames = [SimulationMetricNames.RequestsPerSecond, .. _options.RequestRateMetricAliases];
        var rateResources = RateResources(rateNames);
        var warnings = Warnings(cpuNames, rateNames);
        var reportEvery = _options.MetricReportInterval < step ? _options.MetricReportInterval : step;

        // Refits inline: the tick that finds a refit due decides with the new model, as every recorded figure was measured.
        var engineOptions = new AutoscaleEngineOptions { EvaluationInterval = step, InstanceLimit = Math.Max(ScaleCapacity.InstanceLimit, _options.MaximumInstances), PredictiveRefit = PredictiveRefitMode.Inline };
        using var engine = new AutoscaleEngine(new TimeProviderScheduler(time), engineOptions);
        var autoscaler = engine.AddScaleSet(ScaleSetName, _policy.Setting, initial);
        using var controller = new ScaleSetController(controllerOptions, Model, cloud.Compute, cloud.LoadBalancer, time, warmupSink: autoscaler);
        using var repairs = controller.Events.Subscribe(e => _repairs += e.Kind == ControllerEventKind.InstanceRepaired ? 1 : 0);
        // The set was deployed at the policy's initial capacity, below its profile's minimum or not: the binding's start at
        // the minimum is for a set that comes up empty, not for the deployment a simulation starts from.
        controller.SetDesiredCapacity(initial, ScaleSetName + "#initial");
        using var binding = AutoscaleBinding.Bind(autoscaler, controller);
        using var decisions = engine.Decisions.Subscribe(this);
        using var driver = new ControllerDriver(controller, controllerOptions, cloud, _skipIdlePasses);
        observe?.Invoke(cloud, controller, autoscaler);
        driver.Start();
        time.Advance(preRoll);
        using var running = engine.Start();
        var pool = controllerOptions.EffectivePool;
        for (_step = 0; _step < count; _step++)
        {
            var now = _workload.TimeAt(_step);
            cloud.CopyReadyMemberIds(pool, ids);
            var ready = ids.Count;
            var load = _workload.RequestsPerSecond[_step];
            var utilization = _service.Utilization(load, ready);
            supply[_step] = ready;
            billed[_step] = cloud.CountInstances(ScaleSetName);

            // Every instance that exists is paid for; a stopped one (a warm-pool instance) at the stopped cost ratio, for its disks.
            stopped[_step] = cloud.CountStoppedInstances(ScaleSetName);
            cost[_step] = billed[_step] - ((1 - _options.StoppedCostRatio) * stopped[_step]);
            utilizations[_step] = utilization;
            violated[_step] = !SloYardstick.IsWithinSlo(load, ready, _service, latencySlo);

            // Within the step the fleet's agents report every MetricReportInterval (once for a step no longer than that),
            // the load held and the ready instances as they are then; the engine evaluates at the step's end.
            var offset = TimeSpan.Zero;
            while (true)
            {
                if (offset > TimeSpan.Zero)
                {
                    cloud.CopyReadyMemberIds(pool, ids);
                    ready = ids.Count;
                    utilization = _service.Utilization(load, ready);
                }

                Report(now + offset, load, utilization, ready);
                var advance = step - offset < reportEvery ? step - offset : reportEvery;

                // The engine's timer fires at the next step boundary and evaluates there; the controller's passes and the
                // cloud's calls in between run as the clock reaches them.
                time.Advance(advance);
                if (_failure is not null)
                {
                    throw new InvalidOperationException($"policy '{_policy.Name}': {_failure.Message}", _failure);
                }

                offset += advance;
                if (offset >= step)
                {
                    break;
                }
            }

            onStep?.Invoke(_step);
        }

        // One batch of samples (one clock read, one lock), as an agent reporting the fleet would: each ready instance's CPU
        // with noise, and the set's request rate, each also under its aliases.
        void Report(DateTimeOffset at, double load, double utilization, int ready)
        {
            var cpu = Math.Min(100.0, utilization * 100.0);
            var sampleCount = (ready * cpuNames.Length) + (rateNames.Length * rateResources.Length);
            if (samples.Length < sampleCount)
            {
                samples = new MetricSample[Math.Max(sampleCount, samples.Length * 2)];
            }

            for (var i = 0; i < ready; i++)
            {
                var value = Math.Clamp(cpu * (1 + (_options.CpuNoise * Gaussian(noise))), 0, 100);
                samples[i] = new MetricSample(SimulationMetricNames.Cpu, MetricSourceKind.Host, value, at, ids[i]);
            }

            // Aliases (rarely set) copy the samples under the other names after the step's own.
            var n = ready;
            for (var a = 1; a < cpuNames.Length; a++)
            {
                for (var i = 0; i < ready; i++)
                {
                    samples[n++] = samples[i] with { Metric = cpuNames[a] };
                }
            }

            foreach (var name in rateNames)
            {
                foreach (var resource in rateResources)
                {
                    samples[n++] = new MetricSample(name, MetricSourceKind.Application, load, at, Resource: resource);
                }
            }

            autoscaler.Ingest(samples.AsSpan(0, n));
        }

        ReconcilePasses = driver.Passes;
        SkippedPasses = driver.SkippedPasses;
        foreach (var error in driver.Errors.Distinct(StringComparer.Ordinal).Take(5))
        {
            warnings.Add($"policy '{_policy.Name}': a reconcile pass failed: {error}");
        }

        var metrics = ElasticityCalculator.Compute(_demand, supply, billed, violated, _actionSteps.Count, step);
        var slo = SloYardstick.Compute(violated, cost, _bound, step, _options.SloTarget);
        return new PolicyRun(_policy.Name, metrics, supply, billed, [.. _actionSteps], _repairs, warnings, slo, utilizations, violated) { Stopped = stopped };
    }

    void IObserver<ScaleDecision>.OnNext(ScaleDecision value)
    {
        if (value.IsAction)
        {
            // The decision is taken at the end of the current step, so it shows from the next one.
            _actionSteps.Add(Math.Min(_step + 1, _workload.Count - 1));
        }
    }

    void IObserver<ScaleDecision>.OnError(Exception error) => _failure = error;

    void IObserver<ScaleDecision>.OnCompleted()
    {
    }

    /// <summary>
    /// The resources the request rate is reported for: the scale set itself, and each other resource (an Application
    /// Insights component, say) a rule reads a request-rate name of, since the simulated service's requests are what
    /// such a resource measures. A metric's resource is part of its series' identity, so without this those rules would
    /// see no data.
    /// </summary>
    private string?[] RateResources(string[] rateNames)
    {
        var setting = _policy.Setting;
        var others = setting.Profiles
            .SelectMany(static p => p.Rules)
            .Select(static r => r.MetricTrigger)
            .Where(t => rateNames.Contains(t.MetricName, StringComparer.OrdinalIgnoreCase) && !t.ReadsScaleSetItself(setting.TargetResourceUri))
            .Select(static t => t.MetricResourceUri!.Trim().TrimEnd('/'))
            .Distinct(StringComparer.OrdinalIgnoreCase);
        return [null, .. others];
    }

    private List<string> Warnings(string[] cpuNames, string[] rateNames)
    {
        var warnings = new List<string>();
        var notReported = NotReportedText(cpuNames, rateNames);
        foreach (var profile in _policy.Setting.Profiles)
        {
            foreach (var rule in profile.Rules)
            {
                var metric = rule.MetricTrigger.MetricName;
                if (!Reported(metric))
                {
                    warnings.Add($"policy '{_policy.Name}', profile '{profile.Name}': rule '{rule.Name ?? "(unnamed)"}' watches '{metric}', which {notReported}; the rule sees missing data");
                }
            }
        }

        if (_policy.Setting.Predictive is { Mode: not PredictiveScalingMode.Disabled, MetricName: var forecast } && !Reported(forecast))
        {
            warnings.Add($"policy '{_policy.Name}': the predictive policy forecasts '{forecast}', which {notReported}; it has no history and stands aside");
        }

        return warnings;

        bool Reported(string metric) => cpuNames.Contains(metric, StringComparer.OrdinalIgnoreCase) || rateNames.Contains(metric, StringComparer.OrdinalIgnoreCase);
    }

    private static string NotReportedText(string[] cpuNames, string[] rateNames) =>
        $"the simulation does not report (it reports the CPU as {Quoted(cpuNames)} and the request rate as {Quoted(rateNames)}; report either under this name too with --cpu-metric or --request-metric, SimulationOptions' metric aliases)";

    private static string Quoted(string[] names) => string.Join(" or ", names.Select(n => $"'{n}'"));

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
