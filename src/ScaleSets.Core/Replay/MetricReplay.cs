using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using ScaleSets.Engine;
using ScaleSets.Metrics;
using ScaleSets.Model;
using ScaleSets.Policy;

namespace ScaleSets.Replay;

/// <summary>
/// Replays recorded metrics through the real engine in virtual time, applying each decision at once, so a user sees
/// what a setting would have done on their own traffic before trusting it.
/// </summary>
public static class MetricReplay
{
    /// <summary>Runs a replay.</summary>
    /// <param name="setting">The autoscale setting; validated.</param>
    /// <param name="samples">The recorded samples, in any order (they are replayed in timestamp order).</param>
    /// <param name="options">The replay options.</param>
    /// <returns>The actions (or, with <see cref="ReplayOptions.EveryEvaluation"/>, every evaluation), in time order.</returns>
    /// <exception cref="Configuration.AutoscaleSettingException">The setting is invalid.</exception>
    public static IReadOnlyList<ScaleDecision> Run(AutoscaleSetting setting, IEnumerable<MetricSample> samples, ReplayOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(setting);
        ArgumentNullException.ThrowIfNull(samples);
        options ??= new ReplayOptions();
        var ordered = samples
            .Where(s => (options.From is not { } from || s.Timestamp >= from) && (options.To is not { } to || s.Timestamp <= to))
            .OrderBy(s => s.Timestamp)
            .ToArray();
        var engineOptions = WithSettingInterval(options.Engine, setting);
        var interval = engineOptions.EvaluationInterval;
        var readiness = options.Readiness
            .Where(r => (options.From is not { } from || r.Timestamp >= from) && (options.To is not { } to || r.Timestamp <= to))
            .OrderBy(r => r.Timestamp)
            .ToArray();
        var start = options.From ?? (ordered.Length > 0 ? ordered[0].Timestamp : DateTimeOffset.UnixEpoch);
        var end = options.To ?? (ordered.Length > 0 ? ordered[^1].Timestamp + interval + interval : start + interval);
        var startUtc = new DateTimeOffset(start.UtcTicks - (start.UtcTicks % interval.Ticks), TimeSpan.Zero);

        var scheduler = new HistoricalScheduler(startUtc);
        using var engine = new AutoscaleEngine(scheduler, engineOptions);
        using var source = new Subject<MetricSample>();
        var set = engine.AddScaleSet(string.IsNullOrWhiteSpace(setting.Name) ? "replay" : setting.Name, setting, options.InitialCapacity, [source]);
        using var events = options.Events is { } observer ? engine.Events.Subscribe(observer) : null;
        var decisions = new List<ScaleDecision>();
        using var subscription = options.EveryEvaluation
            ? engine.Evaluations.Subscribe(decisions.Add)
            : engine.Decisions.Where(d => d.IsAction).Subscribe(decisions.Add);

        var next = 0;
        var nextReadiness = 0;
        if (ordered.Length > 0 || readiness.Length > 0)
        {
            scheduler.Schedule(First(ordered, readiness), self =>
            {
                var due = scheduler.Now;

                // A readiness change applies to the samples of its own time: a row marked not ready is not counted.
                while (nextReadiness < readiness.Length && readiness[nextReadiness].Timestamp <= due)
                {
                    var change = readiness[nextReadiness++];
                    if (change.Ready)
                    {
                        set.ClearWarmingUp(change.Instance);
                    }
                    else
                    {
                        set.SetWarmingUp(change.Instance, DateTimeOffset.MaxValue);
                    }
                }

                while (next < ordered.Length && ordered[next].Timestamp <= due)
                {
                    source.OnNext(ordered[next++]);
                }

                if (next < ordered.Length || nextReadiness < readiness.Length)
                {
                    self(First(ordered.AsSpan(next), readiness.AsSpan(nextReadiness)));
                }
            });
        }

        using (engine.Start())
        {
            scheduler.AdvanceTo(end);
        }

        GC.KeepAlive(set);
        return decisions;
    }

    private static DateTimeOffset First(ReadOnlySpan<MetricSample> samples, ReadOnlySpan<InstanceReadiness> readiness) =>
        samples.IsEmpty ? readiness[0].Timestamp
        : readiness.IsEmpty || samples[0].Timestamp <= readiness[0].Timestamp ? samples[0].Timestamp
        : readiness[0].Timestamp;

    /// <summary>
    /// The engine options of the replay: a setting that asks to be evaluated more often than the replay's engine ticks
    /// (HPA's 15 s against the default minute) gets an engine that ticks at its interval.
    /// </summary>
    private static AutoscaleEngineOptions WithSettingInterval(AutoscaleEngineOptions options, AutoscaleSetting setting)
    {
        if (setting.EvaluationInterval is not { } own || own >= options.EvaluationInterval || own <= TimeSpan.Zero)
        {
            return options;
        }

        var copy = new AutoscaleEngineOptions
        {
            EvaluationInterval = own,
            MaxSampleLateness = options.MaxSampleLateness,
            MaxClockSkew = options.MaxClockSkew,
            InstanceLimit = options.InstanceLimit,
            DefaultMetricRange = options.DefaultMetricRange,
        };
        foreach (var (metric, range) in options.MetricRanges)
        {
            copy.MetricRanges[metric] = range;
        }

        return copy;
    }
}
