using System.Diagnostics;
using ScaleSets.Control;
using ScaleSets.Extensions.Tests.Hosting;
using ScaleSets.Telemetry;

namespace ScaleSets.Extensions.Tests.Telemetry;

[TestFixture]
public sealed class ScaleSetsTracingTests
{
    [Test]
    public async Task Activities_LoadRises_EvaluationsParentAndLinkTheControllerActionsTheyCaused()
    {
        var activities = new List<Activity>();
        using var listener = Listen(activities);
        using var fixture = new HostFixture(HostFixture.ValidJson);
        await fixture.Host.StartAsync();

        await fixture.RunAsync(40, step => step < 10 ? 120.0 : 360.0);
        await fixture.Host.StopAsync();

        var mine = Snapshot(activities).Where(a => a.GetTagItem(ScaleSetsActivities.ScaleSetTag) as string == "web").ToList();
        var evaluations = mine.Where(a => a.OperationName == ScaleSetsActivities.Evaluation).ToList();
        // The minimum created at once on the controller's first pass is caused by the starting capacity, not by an evaluation.
        var creates = mine.Where(a => a.OperationName == ScaleSetsActivities.ControllerAction
            && a.GetTagItem(ScaleSetsActivities.KindTag) as string == nameof(ControllerEventKind.InstanceCreated)
            && a.GetTagItem(ScaleSetsActivities.CauseIdTag) as string != "web#initial").ToList();
        var bySpan = evaluations.ToDictionary(a => a.SpanId);
        Assert.Multiple(() =>
        {
            Assert.That(evaluations, Has.Count.GreaterThanOrEqualTo(1), "at least one rule scale-out");
            Assert.That(evaluations, Has.Some.Matches<Activity>(a => a.GetTagItem(ScaleSetsActivities.ReasonTag) as string == "RuleScaleOut"
                && a.GetTagItem(ScaleSetsActivities.DirectionTag) as string == "Out"));
            Assert.That(evaluations.All(a => a.StartTimeUtc >= HostFixture.Start.UtcDateTime && a.Duration == TimeSpan.FromTicks(1)), Is.True,
                "activities carry the (virtual) time of the event, not the wall clock");
            Assert.That(creates, Has.Count.GreaterThanOrEqualTo(4), "the rule scale-outs' creates, besides the two of the minimum");
            foreach (var create in creates)
            {
                Assert.That(bySpan.TryGetValue(create.ParentSpanId, out var parent), Is.True, $"{create.DisplayName} has an evaluation as parent");
                Assert.That(create.TraceId, Is.EqualTo(parent!.TraceId));
                Assert.That(create.Links.Select(l => l.Context.SpanId), Is.EqualTo(new[] { parent.SpanId }));
                Assert.That(create.GetTagItem(ScaleSetsActivities.CauseIdTag), Is.EqualTo(parent.GetTagItem(ScaleSetsActivities.DecisionIdTag)));
            }
        });
    }

    [Test]
    public void OnControllerEvent_UnknownCauseAndProblem_RootActivityWithErrorStatus()
    {
        var activities = new List<Activity>();
        using var listener = Listen(activities);
        var tracing = new ScaleSetsTracing();
        var time = HostFixture.Start.AddMinutes(3);

        tracing.OnControllerEvent(new ControllerEvent(time, "tracing-unit", ControllerEventKind.RepairFailed, "vm-1", "repair-3", "reimage failed"));

        var activity = Snapshot(activities).Single(a => a.GetTagItem(ScaleSetsActivities.ScaleSetTag) as string == "tracing-unit");
        Assert.Multiple(() =>
        {
            Assert.That(activity.ParentSpanId, Is.EqualTo(default(ActivitySpanId)));
            Assert.That(activity.Links, Is.Empty);
            Assert.That(activity.Status, Is.EqualTo(ActivityStatusCode.Error));
            Assert.That(activity.StatusDescription, Is.EqualTo("reimage failed"));
            Assert.That(activity.GetTagItem(ScaleSetsActivities.CauseIdTag), Is.EqualTo("repair-3"));
            Assert.That(activity.GetTagItem(ScaleSetsActivities.InstanceTag), Is.EqualTo("vm-1"));
            Assert.That(activity.StartTimeUtc, Is.EqualTo(time.UtcDateTime));
        });
    }

    [Test]
    public void Remember_MoreThanTheBound_ForgetsTheOldestFirst()
    {
        var tracing = new ScaleSetsTracing();
        var contexts = Enumerable.Range(0, ScaleSetsTracing.MaxRememberedDecisions + 5)
            .Select(_ => new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded))
            .ToList();

        for (var i = 0; i < contexts.Count; i++)
        {
            tracing.Remember($"web#{i}", contexts[i]);
        }

        Assert.Multiple(() =>
        {
            Assert.That(tracing.RememberedDecisions, Is.EqualTo(ScaleSetsTracing.MaxRememberedDecisions));
            Assert.That(tracing.Recall("web#0"), Is.EqualTo(default(ActivityContext)));
            Assert.That(tracing.Recall("web#4"), Is.EqualTo(default(ActivityContext)));
            Assert.That(tracing.Recall("web#5"), Is.EqualTo(contexts[5]));
            Assert.That(tracing.Recall($"web#{contexts.Count - 1}"), Is.EqualTo(contexts[^1]));
        });
    }

    private static ActivityListener Listen(List<Activity> sink)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ScaleSetsActivities.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (sink)
                {
                    sink.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    private static List<Activity> Snapshot(List<Activity> sink)
    {
        lock (sink)
        {
            return [.. sink];
        }
    }
}
