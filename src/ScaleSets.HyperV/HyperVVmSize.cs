namespace ScaleSets.HyperV;

/// <summary>The processors and memory of a VM, named by <see cref="Abstractions.ScaleSetModel.Size"/>.</summary>
/// <param name="ProcessorCount">Virtual processors, 1 to 240.</param>
/// <param name="MemoryBytes">Startup memory in bytes (static memory), at least 32 MiB and a multiple of 2 MiB.</param>
public sealed record HyperVVmSize(int ProcessorCount, long MemoryBytes);
