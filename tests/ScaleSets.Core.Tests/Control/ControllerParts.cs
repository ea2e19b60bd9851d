using Microsoft.Extensions.Time.Testing;
using ScaleSets.Abstractions;
using ScaleSets.Control;

namespace ScaleSets.Tests.Control;

/// <summary>Plain-value instances and a gate whose events and warm-up notices are recorded, for the controller's parts.</summary>
internal sealed class ControllerParts
{
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public ControllerParts()
    {
        Time = new FakeTimeProvider(Now);
        Warmup = new RecordingSink();
        Buffer = new ControllerEventBuffer(Warmup);
        Buffer.Events.Subscribe(e => Events.Add(e));
        Gate = new ControllerGate(Buffer, Time, "web");
        Table = new InstanceTable("web");
    }

    public FakeTimeProvider Time { get; }

    public RecordingSink Warmup { get; }

    public ControllerEventBuffer Buffer { get; }

    public ControllerGate Gate { get; }

    public InstanceTable Table { get; }

    public List<ControllerEvent> Events { get; } = [];

    public static InstanceInfo Info(int index, string zone = "1", string version = "v1", InstanceState state = InstanceState.Running, InstanceHealth health = InstanceHealth.Healthy, string? address = "10.0.0.1") =>
        new("vm-" + index, "web_" + index.ToString("D6", System.Globalization.CultureInfo.InvariantCulture), zone, version, state, health, address, Now);

    /// <summary>A tracked instance in service: healthy and taking traffic unless told otherwise.</summary>
    public static TrackedInstance Instance(int index, string zone = "1", string version = "v1", bool healthy = true, bool ready = true)
    {
        var info = Info(index, zone, version, health: healthy ? InstanceHealth.Healthy : InstanceHealth.Unhealthy);
        return new TrackedInstance(info, index, "cause")
        {
            Healthy = healthy,
            EverHealthy = true,
            NotHealthySince = healthy ? null : Now,
            Member = ready ? new LoadBalancerMember(info.Id, info.Name, info.Address!, LoadBalancerMemberState.Ready, 0) : null,
        };
    }

    /// <summary>Applies a plan under the gate (delivering its events when the gate is left).</summary>
    public void Apply(ControllerPlan plan)
    {
        using (Gate.Enter())
        {
            plan.Apply(Gate);
        }
    }

    public sealed class RecordingSink : IInstanceWarmupSink
    {
        public List<string> Calls { get; } = [];

        public Func<bool>? GateHeld { get; set; }

        public List<bool> HeldWhenCalled { get; } = [];

        public void SetWarmingUp(string instanceId, DateTimeOffset warmUntil)
        {
            HeldWhenCalled.Add(GateHeld?.Invoke() ?? false);
            Calls.Add("set " + instanceId);
        }

        public void ClearWarmingUp(string instanceId)
        {
            HeldWhenCalled.Add(GateHeld?.Invoke() ?? false);
            Calls.Add("clear " + instanceId);
        }
    }
}
