namespace ScaleSets.HyperV.Metrics;

/// <summary>
/// The metrics a <see cref="HyperVHostMetricSource"/> reports, per VM (instance), all of source kind
/// <see cref="ScaleSets.Metrics.MetricSourceKind.Host"/>: measured by the hypervisor, outside the guest, as Azure's host metrics.
/// </summary>
public static class HyperVHostMetricNames
{
    /// <summary>CPU in percent of the VM's virtual processors, as the hypervisor measures it (Azure's and the simulator's name).</summary>
    public const string Cpu = "Percentage CPU";

    /// <summary>Memory assigned to the VM, in bytes.</summary>
    public const string MemoryAssigned = "Memory Assigned Bytes";

    /// <summary>Memory the VM's guest demands (dynamic memory's view of what it needs), in bytes.</summary>
    public const string MemoryDemand = "Memory Demand Bytes";

    /// <summary>Bytes per second received by the VM's network adapters.</summary>
    public const string NetworkIn = "Network In Bytes Per Second";

    /// <summary>Bytes per second sent by the VM's network adapters.</summary>
    public const string NetworkOut = "Network Out Bytes Per Second";
}
