namespace ScaleSets.HyperV.Scripting;

/// <summary>One VM's measurements as <c>Get-ScaleSetVMMetrics.ps1</c> reports them; a value the host did not give is <see langword="null"/>.</summary>
/// <param name="Name">The VM's name.</param>
/// <param name="CpuUsage">Get-VM's <c>CPUUsage</c> (percent, whole numbers).</param>
/// <param name="GuestRunTime">The mean <c>% Guest Run Time</c> of the VM's virtual processors (percent).</param>
/// <param name="MemoryAssigned">Get-VM's <c>MemoryAssigned</c> (bytes).</param>
/// <param name="MemoryDemand">Get-VM's <c>MemoryDemand</c> (bytes).</param>
/// <param name="BytesReceivedPerSec">The VM's network adapters' <c>Bytes Received/sec</c>, summed.</param>
/// <param name="BytesSentPerSec">The VM's network adapters' <c>Bytes Sent/sec</c>, summed.</param>
internal sealed record HyperVVmMetrics(
    string Name,
    double? CpuUsage,
    double? GuestRunTime,
    double? MemoryAssigned,
    double? MemoryDemand,
    double? BytesReceivedPerSec,
    double? BytesSentPerSec);
