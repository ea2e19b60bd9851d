using System.Reactive.Concurrency;
using System.Reactive.Subjects;
using ScaleSets.Engine;
using ScaleSets.Metrics;
using ScaleSets.Model;
using ScaleSets.Policy;

namespace ScaleSets.Tests.Engine;

/// <summary>An engine on a virtual clock with recorded decisions, evaluations and events.</summary>
internal sealed class EngineHarness : IDisposable
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    private readonly List<IDisposable> _subscriptions = [];

    public EngineHarness(AutoscaleEngineOptions? options = null)
    {
        Scheduler = new HistoricalScheduler(T0);
        Engine = new AutoscaleEngine(Scheduler, options);
        _subscriptions.Add(Engine.Decisions.Subscribe(Decisions.Add));
        _subscriptions.Add(Engine.Evaluations.Subscribe(Evaluations.Add));
        _subscriptions.Add(Engine.Events.Subscribe(Events.Add));
    }

    public HistoricalScheduler Scheduler { get; }

    public AutoscaleEngine Engine { get; }

    public List<ScaleDecision> Decisions { get; } = [];

    public List<ScaleDecision> Evaluations { get; } = [];

    public List<AutoscaleEngineEvent> Events { get; } = [];

    public IEnumerable<ScaleDecision> Actions => Decisions.Where(d => d.IsAction);

    /// <summary>Schedules a sample for every instance every 30 s between two offsets from <see cref="T0"/>.</summary>
    public void Feed(ISubject<MetricSample> source, string metric, Func<TimeSpan, double> value, TimeSpan from, TimeSpan to, params string?[] instances)
    {
        for (var offset = from; offset < to; offset += TimeSpan.FromSeconds(30))
        {
            var at = offset;
            foreach (var instance in instances)
            {
                var id = instance;
                Scheduler.Schedule(T0 + at, () => source.OnNext(new MetricSample(metric, MetricSourceKind.Host, value(at), T0 + at, id)));
            }
        }
    }

    public void RunUntil(TimeSpan offset) => Scheduler.AdvanceTo(T0 + offset);

    public static AutoscaleSetting WithSource(AutoscaleSetting setting, MetricSourceKind source)
    {
        foreach (var rule in setting.Profiles.SelectMany(p => p.Rules))
        {
            rule.MetricTrigger.Source = source;
        }

        return setting;
    }

    public void Dispose()
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }

        Engine.Dispose();
    }
}
