using ScaleSets.Abstractions;

namespace ScaleSets.Simulation.Tests.Control;

internal sealed class RecordingWarmupSink : IInstanceWarmupSink
{
    public Dictionary<string, DateTimeOffset> Warming { get; } = [];

    public List<string> Cleared { get; } = [];

    public void SetWarmingUp(string instanceId, DateTimeOffset warmUntil) => Warming[instanceId] = warmUntil;

    public void ClearWarmingUp(string instanceId)
    {
        Warming.Remove(instanceId);
        Cleared.Add(instanceId);
    }
}
