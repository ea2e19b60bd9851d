using ScaleSets.Abstractions;

namespace ScaleSets.Simulation.Cloud;

/// <summary>One simulated instance; mutated only under the cloud's lock.</summary>
internal sealed class SimulatedInstance(string id, string name, string scaleSet, string zone, string clientToken, DateTimeOffset createdAt, string address) : Listed<InstanceInfo>
{
    public string Id { get; } = id;

    public string Name { get; } = name;

    public string ScaleSet { get; } = scaleSet;

    public string Zone { get; } = zone;

    public string ClientToken { get; } = clientToken;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public string Address { get; set; } = address;

    public string ModelVersion { get; set; } = string.Empty;

    public DateTimeOffset ReadyAt { get; set; }

    public bool BootFails { get; set; }

    public bool Crashed { get; set; }

    public bool Stopped { get; set; }

    public bool FirstBootDone { get; set; }

    public bool Protected { get; set; }

    public long Calls { get; set; }

    public int Boots { get; set; }
}
