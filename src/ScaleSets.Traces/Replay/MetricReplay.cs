using System.Globalization;
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
    /// <param name="samples">
    /// The recorded samples. Without <see cref="ReplayOptions.ReorderWindow"/> they may come in any order (all are
    /// held and sorted); with it they are read one at a time as the replay goes, and each may be at most that window
    /// earlier than the latest before it.
    /// </param>
    /// <param name="options">The replay options.</param>
    /// <returns>The actions (or, with <see cref="ReplayOptions.EveryEvaluation"/>, every evaluation), in time order.</returns>
    /// <exception cref="Configuration.AutoscaleSettingException">The setting is invalid.</exception>
    /// <exception cref="ArgumentException">
    /// The replay spans more than <see cref="ReplayOptions.MaxEvaluations"/> evaluations, a time is too near the end of
    /// the calendar to replay, <see cref="ReplayOptions.From"/> is after <see cref="ReplayOptions.To"/>, or a sample
    /// comes later than <see cref="ReplayOptions.ReorderWindow"/> allows; the message names the times.
    /// </exception>
    public static IReadOnlyList<ScaleDecision> Run(AutoscaleSetting setting, IEnumerable<MetricSample> samples, ReplayOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(setting);
        ArgumentNullException.ThrowIfNull(samples);
        options ??= new ReplayOptions();
        if (options.From is { } f && options.To is { } t && f > t)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"ReplayOptions.From ({f:yyyy-MM-ddTHH:mm:ssZ}) is after ReplayOptions.To ({t:yyyy-MM-ddTHH:mm:ssZ})"), nameof(options));
        }

        var inRange = samples.Where(s => (options.From is not { } from || s.Timestamp >= from) && (options.To is not { } to || s.Timestamp <= to));
        var ordered = options.ReorderWindow is { } window
            ? SampleReordering.Within(inRange, window)
            : inRange.OrderBy(s => s.Timestamp);
        using var next = ordered.GetEnumerator();
        var any = next.MoveNext();
        var engineOptions = WithSettingInterval(options.Engine, setting);
        var interval = engineOptions.EvaluationInterval;
        var readiness = options.Readiness
            .Where(r => (options.From is not { } from || r.Timestamp >= from) && (options.To is not { } to || r.Timestamp <= to))
            .OrderBy(r => r.Timestamp)
            .ToArray();
        var start = options.From ?? (any ? next.Current.Timestamp : readiness.Length > 0 ? readiness[0].Timestamp : DateTimeOffset.UnixEpoch);
        var startUtc = new DateTimeOffset(start.UtcTicks - (start.UtcTicks % interval.Ticks), TimeSpan.Zero);
        var span = new ReplaySpan(startUtc, interval, options.MaxEvaluations);
        span.Check(start, "ReplayOptions.From");
        if (options.To is { } until)
        {
            span.Check(until, "ReplayOptions.To");
        }

        var scheduler = new HistoricalScheduler(startUtc);
        using var engine = new AutoscaleEngine(scheduler, engineOptions);
        using var source = new Subject<MetricSample>();
        var set = engine.AddScaleSet(string.IsNullOrWhiteSpace(setting.Name) ? "replay" : setting.Name, setting, options.InitialCapacity, [source]);
        using var events = options.Events is { } observer ? engine.Events.Subscribe(observer) : null;
        var decisions = new List<ScaleDecision>();
        using var subscription = options.EveryEvaluation
            ? engine.Evaluations.Subscribe(decisions.Add)
            : engine.Decisions.Where(d => d.IsAction).Subscribe(decisions.Add);

        var nextReadiness = 0;

        // A readiness change applies to the samples of its own time: a row marked not ready is not counted.
        void ApplyReadiness(DateTimeOffset upTo)
        {
            while (nextReadiness < readiness.Length && readiness[nextReadiness].Timestamp <= upTo)
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
        }

        using (engine.Start())
        {
            // Evaluations due at or before a sample's time run before it is delivered, as in production where a
            // sample stamped at an evaluation's instant arrives just after it.
            var last = start;
            for (var more = any; more; more = next.MoveNext())
            {
                var sample = next.Current;
                span.Check(sample.Timestamp, "the sample of " + sample.Metric);
                if (sample.Timestamp > scheduler.Now)
                {
                    scheduler.AdvanceTo(sample.Timestamp);
                }

                ApplyReadiness(sample.Timestamp);
                source.OnNext(sample);
                last = sample.Timestamp;
            }

            var end = options.To ?? (any ? last + interval + interval : start + interval);
            while (nextReadiness < readiness.Length && readiness[nextReadiness].Timestamp <= end)
            {
                if (readiness[nextReadiness].Timestamp > scheduler.Now)
                {
                    scheduler.AdvanceTo(readiness[nextReadiness].Timestamp);
                }

                ApplyReadiness(scheduler.Now);
            }

            if (end > scheduler.Now)
            {
                scheduler.AdvanceTo(end);
            }
        }

        GC.KeepAlive(set);
        return decisions;
    }

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
