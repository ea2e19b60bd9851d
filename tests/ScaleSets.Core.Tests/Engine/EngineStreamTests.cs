using ScaleSets.Engine;

namespace ScaleSets.Tests.Engine;

[TestFixture]
public sealed class EngineStreamTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Test]
    public void OnNext_ObserverThrows_OthersGetEveryItemAndEachFailureIsReported()
    {
        var failures = new List<(string Stream, string ScaleSet, string Message)>();
        var stream = new EngineStream<string>("Items", static s => "set-" + s, (name, set, error) => failures.Add((name, set, error.Message)));
        var before = new List<string>();
        var thrower = new List<string>();
        var after = new List<string>();
        using var first = stream.Subscribe(new CallbackObserver<string>(before.Add));
        using var failing = stream.Subscribe(new CallbackObserver<string>(s =>
        {
            thrower.Add(s);
            throw new InvalidOperationException("bug in " + s);
        }));
        using var last = stream.Subscribe(new CallbackObserver<string>(after.Add));

        Assert.DoesNotThrow(() =>
        {
            stream.OnNext("a");
            stream.OnNext("b");
        });

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.EqualTo(new[] { "a", "b" }));
            Assert.That(after, Is.EqualTo(new[] { "a", "b" }), "the observer after the failing one still gets each item");
            Assert.That(thrower, Is.EqualTo(new[] { "a", "b" }), "the failing observer stays subscribed");
            Assert.That(failures, Is.EqualTo(new[] { ("Items", "set-a", "bug in a"), ("Items", "set-b", "bug in b") }));
        });
    }

    [Test]
    public void OnNext_FailureReportsGoToTheSameStream_AFailingObserverOfReportsIsNotReportedAgain()
    {
        EngineStream<string>? stream = null;
        stream = new EngineStream<string>("Events", static _ => "", (_, _, error) => stream!.OnNext("report: " + error.Message), static s => s.StartsWith("report", StringComparison.Ordinal));
        var seen = new List<string>();
        using var failing = stream.Subscribe(new CallbackObserver<string>(s => throw new InvalidOperationException(s)));
        using var recorder = stream.Subscribe(new CallbackObserver<string>(seen.Add));

        stream.OnNext("x");

        Assert.That(seen, Is.EqualTo(new[] { "x", "report: x" }), "one report, delivered after the item, and no report of the report");
    }

    [Test]
    public void OnNext_FromTwoThreads_ObserverIsCalledOneAtATimeAndNothingIsLost()
    {
        var stream = new EngineStream<int>("Items", static _ => "", static (_, _, _) => { });
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var inside = 0;
        var overlaps = 0;
        var delivered = new List<(int Item, int Thread)>();
        using var subscription = stream.Subscribe(new CallbackObserver<int>(item =>
        {
            if (Interlocked.Increment(ref inside) > 1)
            {
                Interlocked.Increment(ref overlaps);
            }

            lock (delivered)
            {
                delivered.Add((item, Environment.CurrentManagedThreadId));
            }

            if (item == 1)
            {
                entered.Set();
                release.Wait(Guard);
            }

            Interlocked.Decrement(ref inside);
        }));
        var first = new Thread(() => stream.OnNext(1));
        first.Start();
        Assert.That(entered.Wait(Guard), Is.True, "the first item reached the observer");

        var second = new Thread(() => stream.OnNext(2));
        second.Start();
        var secondReturned = second.Join(Guard);
        release.Set();
        var firstReturned = first.Join(Guard);

        Assert.Multiple(() =>
        {
            Assert.That(secondReturned && firstReturned, Is.True, "no publisher waits for another's observer");
            Assert.That(overlaps, Is.Zero, "the observer was never called while it was running");
            Assert.That(delivered.Select(d => d.Item), Is.EqualTo(new[] { 1, 2 }));
            Assert.That(delivered[1].Thread, Is.EqualTo(first.ManagedThreadId), "the thread delivering delivers what was queued meanwhile");
        });
    }

    [Test]
    public void OnNext_FromInsideAnObserver_IsDeliveredAfterTheObserverReturns()
    {
        var stream = new EngineStream<int>("Items", static _ => "", static (_, _, _) => { });
        var log = new List<string>();
        using var subscription = stream.Subscribe(new CallbackObserver<int>(item =>
        {
            log.Add("begin " + item);
            if (item == 1)
            {
                stream.OnNext(2);
            }

            log.Add("end " + item);
        }));

        stream.OnNext(1);

        Assert.That(log, Is.EqualTo(new[] { "begin 1", "end 1", "begin 2", "end 2" }));
    }

    [Test]
    public void OnCompleted_CompletesEveryObserverOnceAndLaterItemsAndSubscribersSeeTheEnd()
    {
        var stream = new EngineStream<int>("Items", static _ => "", static (_, _, _) => { });
        var items = new List<int>();
        var completions = 0;
        using var subscription = stream.Subscribe(new CallbackObserver<int>(items.Add, () => completions++));
        stream.OnNext(1);

        stream.OnCompleted();
        stream.OnCompleted();
        stream.OnNext(2);
        var lateCompletions = 0;
        using var late = stream.Subscribe(new CallbackObserver<int>(items.Add, () => lateCompletions++));

        Assert.Multiple(() =>
        {
            Assert.That(items, Is.EqualTo(new[] { 1 }));
            Assert.That(completions, Is.EqualTo(1));
            Assert.That(lateCompletions, Is.EqualTo(1));
            Assert.That(stream.HasObservers, Is.False);
        });
    }

    [Test]
    public void Subscribe_Disposed_NoLongerCalled()
    {
        var stream = new EngineStream<int>("Items", static _ => "", static (_, _, _) => { });
        var items = new List<int>();
        var subscription = stream.Subscribe(new CallbackObserver<int>(items.Add));
        stream.OnNext(1);

        subscription.Dispose();
        stream.OnNext(2);

        Assert.Multiple(() =>
        {
            Assert.That(items, Is.EqualTo(new[] { 1 }));
            Assert.That(stream.HasObservers, Is.False);
        });
    }

    /// <summary>A plain observer (no Rx safeguard that would end the subscription when it throws).</summary>
    private sealed class CallbackObserver<T>(Action<T> onNext, Action? onCompleted = null) : IObserver<T>
    {
        public void OnNext(T value) => onNext(value);

        public void OnError(Exception error) => throw new InvalidOperationException("unexpected OnError", error);

        public void OnCompleted() => onCompleted?.Invoke();
    }
}
