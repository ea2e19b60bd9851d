using System.Globalization;
using System.Reactive.Concurrency;
using FsCheck;
using FsCheck.Fluent;
using ScaleSets.Control;
using ScaleSets.Engine;
using ScaleSets.Metrics;
using ScaleSets.Model;
using ScaleSets.Policy;
using static ScaleSets.Tests.Policy.Profiles;

namespace ScaleSets.Tests.Engine;

/// <summary>
/// The property that proves the engine's state survives a restart: a run stopped and restored at random points
/// (FsCheck chooses where, and the load) makes exactly the decisions of a run that never stopped, on the same inputs,
/// in virtual time. Each restart saves the state through a real <see cref="FileAutoscalerStateStore"/>, throws the
/// engine away, and adds the set to a new engine (new clock, new autoscaler, wrong initial capacity) from the file.
/// </summary>
/// <remarks>
/// Loads are whole numbers, so a window's running sum and its rebuilt sum after a restore are the same number; with
/// arbitrary doubles the two can differ in the last bit, which can flip a comparison exactly at a threshold.
/// </remarks>
[TestFixture]
public sealed class StateRestoreProperties
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    private string _directory = "";

    [SetUp]
    public void CreateDirectory() => _directory = System.IO.Directory.CreateTempSubdirectory("scalesets-state-").FullName;

    [TearDown]
    public void RemoveDirectory() => System.IO.Directory.Delete(_directory, recursive: true);

    [Test]
    public void ThresholdRulesWithCooldowns_RestoredAtRandomPoints_DecideAsARunThatNeverStopped() =>
        Holds(Kind.Threshold, steps: 60, tests: 40);

    [Test]
    public void HpaTargetTrackingWithStabilizationAndRatePolicies_RestoredAtRandomPoints_DecideAsARunThatNeverStopped() =>
        Holds(Kind.Hpa, steps: 60, tests: 40);

    [Test]
    public void StepScaling_RestoredAtRandomPoints_DecideAsARunThatNeverStopped() =>
        Holds(Kind.Step, steps: 60, tests: 40);

    [Test]
    public void AdaptiveScaleInWindow_RestoredAtRandomPoints_DecideAsARunThatNeverStopped() =>
        Holds(Kind.Adaptive, steps: 60, tests: 40);

    [Test]
    public void SloDrivenTargetTracking_RestoredAtRandomPoints_DecideAsARunThatNeverStopped() =>
        Holds(Kind.Slo, steps: 60, tests: 40);

    [Test]
    public void PredictivePolicy_RestoredAtRandomPoints_DecideAsARunThatNeverStopped() =>
        Holds(Kind.Predictive, steps: 108, tests: 8);

    private void Holds(Kind kind, int steps, int tests)
    {
        var scenarios =
            from loads in Gen.Choose(0, 100).ArrayOf(steps)
            from restarts in Gen.Choose(1, steps - 1).ArrayOf()
            select new Scenario(kind, loads, [.. restarts.Distinct().Order()]);
        var run = 0;
        FsCheck.Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(tests).WithQuietOnSuccess(true),
            Prop.ForAll(scenarios.ToArbitrary(), scenario =>
            {
                var store = new FileAutoscalerStateStore(Path.Combine(_directory, (run++).ToString(CultureInfo.InvariantCulture)));
                var expected = Run(scenario, store: null);
                var actual = Run(scenario, store);
                for (var i = 0; i < expected.Count; i++)
                {
                    if (expected[i] != actual[i])
                    {
                        throw new InvalidOperationException($"restarts at {string.Join(",", scenario.Restarts)}: step {i} differs:\n  never stopped: {expected[i]}\n  restored:      {actual[i]}");
                    }
                }

                return expected.Count == scenario.Loads.Length && actual.Count == expected.Count;
            }));
    }

    /// <summary>Runs the scenario; with a store, stops and restores the engine before each restart step.</summary>
    private static List<string> Run(Scenario scenario, FileAutoscalerStateStore? store)
    {
        var step = scenario.Kind == Kind.Predictive ? TimeSpan.FromMinutes(5) : TimeSpan.FromMinutes(1);
        var options = new AutoscaleEngineOptions { PredictiveRefit = PredictiveRefitMode.Inline };
        var scheduler = new HistoricalScheduler(T0);
        var engine = new AutoscaleEngine(scheduler, options);
        var set = Add(engine, scenario.Kind, store, initialCapacity: 2);
        var decisions = new List<string>();
        var restarts = new Queue<int>(scenario.Restarts);
        try
        {
            for (var k = 0; k < scenario.Loads.Length; k++)
            {
                var now = T0 + (step * (k + 1));
                if (store is not null && restarts.TryPeek(out var at) && at == k)
                {
                    restarts.Dequeue();
                    set.SaveStateAsync().GetAwaiter().GetResult();
                    engine.Dispose();
                    scheduler = new HistoricalScheduler(scheduler.Now);
                    engine = new AutoscaleEngine(scheduler, options);

                    // A wrong capacity on purpose: the saved one must win.
                    set = Add(engine, scenario.Kind, store, initialCapacity: 7);
                }

                scheduler.AdvanceTo(now);
                Feed(set, scenario.Kind, scenario.Loads[k], now, step);
                decisions.Add(Describe(set.Evaluate()));
            }
        }
        finally
        {
            // Saves run off the evaluation path; wait for the last one, as a graceful shutdown does, so none is still
            // writing into the folder when the test removes it.
            if (store is not null)
            {
                set.SaveStateAsync().GetAwaiter().GetResult();
            }

            engine.Dispose();
        }

        return decisions;
    }

    private static ScaleSetAutoscaler Add(AutoscaleEngine engine, Kind kind, FileAutoscalerStateStore? store, int initialCapacity) =>
        store is null
            ? engine.AddScaleSet("web", SettingOf(kind), initialCapacity)
            : engine.AddScaleSetAsync("web", SettingOf(kind), initialCapacity, store).GetAwaiter().GetResult();

    /// <summary>Samples of the step before <paramref name="now"/>: one per instance of the current capacity, or set-level.</summary>
    private static void Feed(ScaleSetAutoscaler set, Kind kind, int load, DateTimeOffset now, TimeSpan step)
    {
        if (kind == Kind.Predictive)
        {
            // A two-hour cycle with the generated load as noise, one set-level sample a minute.
            for (var m = 5; m >= 1; m--)
            {
                var at = now - TimeSpan.FromMinutes(m) + TimeSpan.FromSeconds(30);
                var phase = (at - T0).TotalMinutes / 120 * 2 * Math.PI;
                var value = Math.Round(200 + (150 * Math.Sin(phase))) + (load / 10);
                set.Ingest(new MetricSample("RequestsPerSecond", MetricSourceKind.Application, value, at));
            }

            return;
        }

        var ts = now - (step / 2);
        if (kind is Kind.Hpa or Kind.Adaptive or Kind.Slo)
        {
            set.Ingest(new MetricSample("RequestsPerSecond", MetricSourceKind.Application, load * 10, ts));
        }

        for (var i = 0; i < Math.Max(1, set.Capacity); i++)
        {
            set.Ingest(new MetricSample("Percentage CPU", MetricSourceKind.Host, load, ts, "vm" + i.ToString(CultureInfo.InvariantCulture)));
        }
    }

    private static AutoscaleSetting SettingOf(Kind kind) => kind switch
    {
        Kind.Threshold => Setting(Profile(
            1,
            10,
            2,
            Threshold("Percentage CPU", ComparisonOperator.GreaterThan, 70, ScaleDirection.Increase, value: 2, cooldown: TimeSpan.FromMinutes(4)),
            Threshold("Percentage CPU", ComparisonOperator.LessThan, 30, ScaleDirection.Decrease, cooldown: TimeSpan.FromMinutes(7)))),
        Kind.Hpa => Setting(Profile(
            1,
            30,
            2,
            Target("RequestsPerSecond", 100, dividePerInstance: true, configure: p =>
            {
                p.ScaleUp = new ScalingBehavior
                {
                    StabilizationWindow = TimeSpan.FromMinutes(2),
                    Policies = [new ScalingRatePolicy { Type = ScalingRatePolicyType.Percent, Value = 50, Period = TimeSpan.FromMinutes(3) }, new ScalingRatePolicy { Type = ScalingRatePolicyType.Pods, Value = 2, Period = TimeSpan.FromMinutes(2) }],
                };
                p.ScaleDown = new ScalingBehavior
                {
                    StabilizationWindow = TimeSpan.FromMinutes(6),
                    Policies = [new ScalingRatePolicy { Type = ScalingRatePolicyType.Pods, Value = 1, Period = TimeSpan.FromMinutes(4) }],
                };
            }),
            Target("Percentage CPU", 50))),
        Kind.Step => Setting(Profile(
            1,
            20,
            2,
            Steps("Percentage CPU", ComparisonOperator.GreaterThan, 60, ScaleType.ChangeCount, (0, 20, 1), (20, null, 3)),
            Threshold("Percentage CPU", ComparisonOperator.LessThan, 25, ScaleDirection.Decrease, cooldown: TimeSpan.FromMinutes(5)))),
        Kind.Adaptive => Setting(Profile(
            1,
            30,
            2,
            Target("RequestsPerSecond", 100, dividePerInstance: true, configure: p =>
                p.ScaleDown = new ScalingBehavior { StabilizationWindow = TimeSpan.FromMinutes(16), ProvisioningTime = TimeSpan.FromMinutes(4) }))),
        Kind.Slo => Setting(Profile(
            1,
            40,
            2,
            Target("RequestsPerSecond", 100, dividePerInstance: true, configure: p =>
            {
                // As the simulator's default: headroom from the learned rises and the feedback on its own misses.
                p.Tolerance = 0;
                p.Slo = new SloObjective { Attainment = 0.9, ProvisioningTime = TimeSpan.FromMinutes(3) };
                p.ScaleUp = new ScalingBehavior { StabilizationWindow = TimeSpan.Zero, Policies = [] };
                p.ScaleDown = new ScalingBehavior { StabilizationWindow = TimeSpan.Zero, Policies = [] };
            }))),
        _ => Predictive(),
    };

    private static AutoscaleSetting Predictive()
    {
        var setting = Setting(Profile(1, 40, 2, Threshold("RequestsPerSecond", ComparisonOperator.GreaterThan, 60, ScaleDirection.Increase, dividePerInstance: true)));
        setting.Predictive = new PredictiveScalingPolicy
        {
            Mode = PredictiveScalingMode.Enabled,
            MetricName = "RequestsPerSecond",
            TargetPerInstance = 40,
            IsPerInstanceAverage = false,
            MinimumHistory = TimeSpan.FromHours(4),
            RefitInterval = TimeSpan.FromMinutes(45),
            AllowScaleIn = true,
        };
        return setting;
    }

    /// <summary>Everything a decision says that restoring must reproduce (the forecast's rolling accuracy aside: it only reports).</summary>
    private static string Describe(ScaleDecision d)
    {
        var rules = string.Join(";", d.Rules.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Outcome}/{r.Observed:R}/{r.ProposedCapacity}/{r.RawProposal}/{r.ScaleDownWindow}/{r.ReportingInstances}/{r.MissingInstances}/{Headroom(r)}")));
        var forecast = d.Forecast is { } f
            ? string.Create(CultureInfo.InvariantCulture, $"{f.Status}/{f.Model}/{f.CapacityFloor}/{f.ScaleInCapacity}/{f.ForecastUpper:R}/{f.ModelMase:R}")
            : "-";
        return string.Create(CultureInfo.InvariantCulture, $"#{d.Sequence} {d.Time:O} p{d.ProfileIndex}{(d.ProfileChanged ? "*" : "")} {d.From}->{d.To} wanted {d.Wanted} {d.Reason} {d.Blocked} rule {d.ActingRule} cooldown {d.CooldownUntil:O} [{rules}] forecast {forecast}");
    }

    private static string Headroom(RuleEvaluation r) => r.Headroom is { } h
        ? string.Create(CultureInfo.InvariantCulture, $"{h.Source}/{h.Factor:R}/{h.QuantileLevel:R}/{h.Misses:R}/{h.ReadyEstimate}/{h.LearnedRises}")
        : "-";

    private enum Kind
    {
        Threshold,
        Hpa,
        Step,
        Adaptive,
        Predictive,
        Slo,
    }

    private sealed record Scenario(Kind Kind, int[] Loads, int[] Restarts)
    {
        public override string ToString() => $"{Kind}: loads [{string.Join(",", Loads)}], restarts before steps [{string.Join(",", Restarts)}]";
    }
}
