using System.Globalization;
using System.Text;
using ScaleSets.Model;
using ScaleSets.Replay;

namespace ScaleSets.Tests.Replay;

/// <summary>
/// One Kubernetes HPA test case re-expressed as a replay: each pod is an instance (<c>vm-0</c>, <c>vm-1</c>, …) that
/// reports its level every 15 s in a metrics CSV (a pod marked not ready gets <c>ready=false</c> on its rows, a pod
/// without a level reports nothing), the setting is evaluated every 15 s as HPA is, and the answer is the capacity the
/// real engine reaches in virtual time.
/// </summary>
internal static class HpaCase
{
    public const string Cpu = "cpu-utilization";

    public static readonly DateTimeOffset T0 = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    public static readonly TimeSpan Period = TimeSpan.FromSeconds(15);

    /// <summary>A setting of one profile, evaluated every 15 s.</summary>
    public static AutoscaleSetting Setting(int minimum, int maximum, params ScaleRule[] rules) => new()
    {
        Name = "hpa",
        EvaluationInterval = Period,
        Profiles =
        [
            new AutoscaleProfile
            {
                Name = "hpa",
                Capacity = new ScaleCapacity { Minimum = minimum, Maximum = maximum, Default = minimum },
                Rules = [.. rules],
            },
        ],
    };

    /// <summary>
    /// A target-tracking rule on the latest 15-second grain. Without <paramref name="behavior"/> it is HPA's replica
    /// calculator alone (<c>replica_calculator_test.go</c>): no stabilization and no rate limits.
    /// </summary>
    public static ScaleRule Target(string metric, double target, Action<TargetTrackingPolicy>? behavior = null, bool dividePerInstance = false)
    {
        var policy = new TargetTrackingPolicy
        {
            TargetValue = target,
            ScaleUp = new ScalingBehavior { StabilizationWindow = TimeSpan.Zero, Policies = [] },
            ScaleDown = new ScalingBehavior { StabilizationWindow = TimeSpan.Zero, Policies = [] },
        };
        behavior?.Invoke(policy);
        return new ScaleRule
        {
            Name = metric,
            MetricTrigger = new MetricTrigger
            {
                MetricName = metric,
                TimeGrain = Period,
                TimeWindow = Period,
                DividePerInstance = dividePerInstance,
            },
            TargetTracking = policy,
        };
    }

    /// <summary>
    /// The metrics CSV of a case: pod <c>i</c> reports <c>levels[i]</c> of <paramref name="metric"/> every 15 s for
    /// <paramref name="periods"/> periods (pods beyond the levels report nothing: HPA's missing pods), with
    /// <c>ready=false</c> where <paramref name="ready"/> says so. A not-ready pod without a level still gets a row (of a
    /// metric no rule reads) to carry its readiness.
    /// </summary>
    public static string Csv(string metric, double[] levels, bool[]? ready = null, int periods = 1)
    {
        var csv = new StringBuilder("timestamp,metric,value,instance,ready\n");
        var pods = Math.Max(levels.Length, ready?.Length ?? 0);
        for (var k = 0; k < periods; k++)
        {
            var time = (T0 + (k * Period)).ToString("O", CultureInfo.InvariantCulture);
            for (var i = 0; i < pods; i++)
            {
                var isReady = ready is null || i >= ready.Length || ready[i];
                var flag = isReady ? "" : "false";
                if (i < levels.Length)
                {
                    csv.Append(CultureInfo.InvariantCulture, $"{time},{metric},{levels[i]},vm-{i},{flag}\n");
                }
                else if (!isReady)
                {
                    csv.Append(CultureInfo.InvariantCulture, $"{time},heartbeat,1,vm-{i},{flag}\n");
                }
            }
        }

        return csv.ToString();
    }

    /// <summary>Adds set-level rows (HPA's object and external metrics): one value of <paramref name="metric"/> per period.</summary>
    public static string WithSetLevel(string csv, string metric, double value, int periods = 1)
    {
        var rows = new StringBuilder(csv);
        for (var k = 0; k < periods; k++)
        {
            rows.Append(CultureInfo.InvariantCulture, $"{(T0 + (k * Period)).ToString("O", CultureInfo.InvariantCulture)},{metric},{value},,\n");
        }

        return rows.ToString();
    }

    /// <summary>Replays the CSV through the engine from <paramref name="replicas"/> instances and returns the capacity it ends at.</summary>
    public static int FinalCapacity(AutoscaleSetting setting, int replicas, string csv, TimeSpan? duration = null)
    {
        var samples = MetricCsvReader.Read(new StringReader(csv), "case.csv");
        var readiness = MetricCsvReader.ReadReadiness(new StringReader(csv), "case.csv");
        var options = new ReplayOptions
        {
            InitialCapacity = replicas,
            Readiness = readiness,
            From = T0,
            To = duration is { } d ? T0 + d : null,
        };
        var actions = MetricReplay.Run(setting, samples, options);
        return actions.Count == 0 ? replicas : actions[^1].To;
    }

    /// <summary>The capacities of every action of a replay, in order.</summary>
    public static int[] Actions(AutoscaleSetting setting, int replicas, string csv, TimeSpan duration)
    {
        var samples = MetricCsvReader.Read(new StringReader(csv), "case.csv");
        var options = new ReplayOptions
        {
            InitialCapacity = replicas,
            Readiness = MetricCsvReader.ReadReadiness(new StringReader(csv), "case.csv"),
            From = T0,
            To = T0 + duration,
        };
        return [.. MetricReplay.Run(setting, samples, options).Select(d => d.To)];
    }
}
