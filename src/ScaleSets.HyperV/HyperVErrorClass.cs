using ScaleSets.Abstractions;

namespace ScaleSets.HyperV;

/// <summary>What a Hyper-V error means for the contract.</summary>
/// <param name="Failure">The failure kind; <see cref="OperationFailureKind.None"/> when the error means the operation's goal holds (a deleted VM is gone).</param>
/// <param name="OutOfMemory">Whether the host ran out of memory: creates and starts fail until capacity changes.</param>
internal readonly record struct HyperVErrorClass(OperationFailureKind Failure, bool OutOfMemory);
