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
        var interval = options.Engine.EvaluationInterval;
        var start = options.From ?? (ordered.Length > 0 ? ordered[0].Timestamp : DateTimeOffset.UnixEpoch);
        var end = options.To ?? (ordered.Length > 0 ? ordered[^1].Timestamp + interval + interval : start + interval);
        var startUtc = new DateTimeOffset(start.UtcTicks - (start.UtcTicks % interval.Ticks), TimeSpan.Zero);

        var scheduler = new HistoricalScheduler(startUtc);
        using var engine = new AutoscaleEngine(scheduler, options.Engine);
        using var source = new Subject<MetricSample>();
        var set = engine.AddScaleSet(string.IsNullOrWhiteSpace(setting.Name) ? "replay" : setting.Name, setting, options.InitialCapacity, [source]);
        using var events = options.Events is { } observer ? engine.Events.Subscribe(observer) : null;
        var decisions = new List<ScaleDecision>();
        using var subscription = options.EveryEvaluation
            ? engine.Evaluations.Subscribe(decisions.Add)
            : engine.Decisions.Where(d => d.IsAction).Subscribe(decisions.Add);

        var next = 0;
        if (ordered.Length > 0)
        {
            scheduler.Schedule(ordered[0].Timestamp, self =>
            {
                var due = scheduler.Now;
                while (next < ordered.Length && ordered[next].Timestamp <= due)
                {
                    source.OnNext(ordered[next++]);
                }

                if (next < ordered.Length)
                {
                    self(ordered[next].Timestamp);
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
}
