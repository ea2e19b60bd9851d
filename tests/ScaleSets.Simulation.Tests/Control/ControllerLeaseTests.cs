using ScaleSets.Control;

namespace ScaleSets.Simulation.Tests.Control;

/// <summary>Two controllers on one scale set and one store: one owns the set, the other waits (issue 17, item 5).</summary>
[TestFixture]
public sealed class ControllerLeaseTests
{
    private string _directory = "";

    [SetUp]
    public void SetUp() => _directory = Path.Combine(Path.GetTempPath(), "scalesets-lease-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void TearDown()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Test]
    public async Task Reconcile_TwoControllersOnOneSet_OnlyTheFirstActsAndTheSecondSaysWhoHoldsIt()
    {
        using var h = WithFileStore();
        var first = h.Controller;
        using var second = h.NewController();
        var secondEvents = new List<ControllerEvent>();
        using var subscription = second.Events.Subscribe(secondEvents.Add);
        first.SetDesiredCapacity(2, null);
        second.SetDesiredCapacity(6, null);

        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromMinutes(10); elapsed += TimeSpan.FromSeconds(15))
        {
            await PassAsync(h, first);
            await PassAsync(h, second);
            h.Time.Advance(TimeSpan.FromSeconds(15));
        }

        var held = secondEvents.Where(e => e.Kind == ControllerEventKind.LeaseHeldElsewhere).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(h.Instances, Has.Count.EqualTo(2), "the first controller's capacity, not a fight");
            Assert.That(h.Events.Count(e => e.Kind == ControllerEventKind.InstanceCreated), Is.EqualTo(2));
            Assert.That(h.Events.Count(e => e.Kind == ControllerEventKind.InstanceDeleted), Is.Zero);
            Assert.That(held, Has.Count.EqualTo(1), "said once, not every pass");
            Assert.That(held[0].Message, Does.Contain("scale set 'web' is managed by " + Environment.MachineName + "/pid ").And.Contain("does not act"));
            Assert.That(secondEvents.Where(e => e.Kind is ControllerEventKind.InstanceCreated or ControllerEventKind.InstanceDeleted), Is.Empty);
        });
    }

    [Test]
    public async Task Reconcile_HolderStopsRenewing_TheSecondTakesOverWhenTheLeaseExpires()
    {
        using var h = WithFileStore();
        var first = h.Controller;
        using var second = h.NewController();
        var secondEvents = new List<ControllerEvent>();
        using var subscription = second.Events.Subscribe(secondEvents.Add);
        first.SetDesiredCapacity(2, null);
        second.SetDesiredCapacity(4, null);
        await PassAsync(h, first);
        await PassAsync(h, second);

        // The first controller dies: it neither renews nor releases. Its lease (2 minutes) runs out.
        var died = h.Time.GetUtcNow();
        var tookOver = (DateTimeOffset?)null;
        for (var i = 0; i < 40 && h.Instances.Count(x => x.State == Abstractions.InstanceState.Running) < 4; i++)
        {
            h.Time.Advance(TimeSpan.FromSeconds(15));
            await PassAsync(h, second);
            tookOver ??= secondEvents.Any(e => e.Kind == ControllerEventKind.LeaseAcquired) ? h.Time.GetUtcNow() : null;
        }

        Assert.Multiple(() =>
        {
            Assert.That(tookOver, Is.Not.Null);
            Assert.That(tookOver!.Value - died, Is.GreaterThanOrEqualTo(TimeSpan.FromMinutes(2)).And.LessThanOrEqualTo(TimeSpan.FromMinutes(2.25)));
            Assert.That(h.Instances, Has.Count.EqualTo(4), "the second controller manages the set once it holds it");
        });
    }

    [Test]
    public async Task RunAsync_Stopped_ReleasesTheLeaseSoAnotherTakesOverAtOnce()
    {
        using var h = WithFileStore();
        var first = h.Controller;
        using var second = h.NewController();
        first.SetDesiredCapacity(1, null);
        second.SetDesiredCapacity(1, null);
        using var stop = new CancellationTokenSource();
        var run = first.RunAsync(stop.Token);
        h.Time.Advance(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        Assert.That(await h.Time.RunUntilCompletedAsync(run, TimeSpan.FromMinutes(1)), Is.True, "the loop stops");

        var events = new List<ControllerEvent>();
        using var subscription = second.Events.Subscribe(events.Add);
        await PassAsync(h, second);

        Assert.That(events.Select(e => e.Kind), Does.Not.Contain(ControllerEventKind.LeaseHeldElsewhere), "the lease was given up, not left to expire");
    }

    private static async Task PassAsync(ControllerHarness h, ScaleSetController controller)
    {
        var pass = controller.ReconcileOnceAsync(CancellationToken.None);
        Assert.That(await h.Time.RunUntilCompletedAsync(pass, TimeSpan.FromDays(1)), Is.True, "pass did not finish");
        await pass;
    }

    private ControllerHarness WithFileStore()
    {
        var h = new ControllerHarness();
        h.StateStore = new FileControllerStateStore(_directory, h.Time);
        h.Restart();
        return h;
    }
}
