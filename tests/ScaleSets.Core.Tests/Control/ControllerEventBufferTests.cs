using ScaleSets.Control;

namespace ScaleSets.Tests.Control;

[TestFixture]
public sealed class ControllerEventBufferTests
{
    [Test]
    public void Emit_UnderTheGate_DeliveredInOrderOnlyAfterTheGateIsLeft()
    {
        var parts = new ControllerParts();
        var heldWhenDelivered = new List<bool>();
        parts.Buffer.Events.Subscribe(_ => heldWhenDelivered.Add(parts.Gate.IsHeld));
        parts.Warmup.GateHeld = () => parts.Gate.IsHeld;

        using (parts.Gate.Enter())
        {
            parts.Gate.Emit(ControllerEventKind.InstanceCreated, "vm-1", "c", "first");
            parts.Gate.SetWarmingUp("vm-1", ControllerParts.Now);
            parts.Gate.Emit(ControllerEventKind.InstanceHealthy, "vm-1", "c", "second");
            Assert.That(parts.Events, Is.Empty, "nothing is delivered while the gate is held");
        }

        Assert.Multiple(() =>
        {
            Assert.That(parts.Events.Select(e => e.Message), Is.EqualTo(new[] { "first", "second" }));
            Assert.That(heldWhenDelivered, Is.EqualTo(new[] { false, false }), "observers run with the gate released");
            Assert.That(parts.Warmup.Calls, Is.EqualTo(new[] { "set vm-1" }));
            Assert.That(parts.Warmup.HeldWhenCalled, Is.EqualTo(new[] { false }), "the warm-up sink (the engine's lock) is entered with the gate released");
        });
    }

    [Test]
    public void Dispose_Twice_CompletesOnceAndDoesNotThrow()
    {
        var parts = new ControllerParts();
        var completions = 0;
        parts.Buffer.Events.Subscribe(_ => { }, () => completions++);

        parts.Buffer.Dispose();

        Assert.Multiple(() =>
        {
            Assert.That(() => parts.Buffer.Dispose(), Throws.Nothing, "a second Dispose (a using block and a host's shutdown) is harmless");
            Assert.That(completions, Is.EqualTo(1));
        });
    }

    [Test]
    public void Flush_ObserverRaisesAnotherEvent_DeliveredAfterTheCurrentOneNotInsideIt()
    {
        var parts = new ControllerParts();
        var order = new List<string>();
        parts.Buffer.Events.Subscribe(e =>
        {
            order.Add("begin " + e.Message);
            if (e.Message == "outer")
            {
                using (parts.Gate.Enter())
                {
                    parts.Gate.Emit(ControllerEventKind.CapacityChanged, null, null, "inner");
                }
            }

            order.Add("end " + e.Message);
        });

        using (parts.Gate.Enter())
        {
            parts.Gate.Emit(ControllerEventKind.CapacityChanged, null, null, "outer");
        }

        Assert.That(order, Is.EqualTo(new[] { "begin outer", "end outer", "begin inner", "end inner" }), "one event at a time, in order");
    }

    [Test]
    public async Task Flush_ManyThreadsEmitting_EveryEventDeliveredOnceAndOneAtATime()
    {
        var parts = new ControllerParts();
        var inside = 0;
        var overlaps = 0;
        var delivered = 0;
        parts.Buffer.Events.Subscribe(_ =>
        {
            if (Interlocked.Increment(ref inside) > 1)
            {
                Interlocked.Increment(ref overlaps);
            }

            delivered++;
            Interlocked.Decrement(ref inside);
        });

        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 500; i++)
            {
                using (parts.Gate.Enter())
                {
                    parts.Gate.Emit(ControllerEventKind.InstanceReady, "vm-" + t, null, "ready");
                }
            }
        })));
        parts.Buffer.Flush();

        Assert.That((delivered, overlaps), Is.EqualTo((4000, 0)));
    }
}
