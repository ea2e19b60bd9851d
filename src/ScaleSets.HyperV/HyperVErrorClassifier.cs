using ScaleSets.Abstractions;
using ScaleSets.HyperV.Scripting;

namespace ScaleSets.HyperV;

/// <summary>
/// Maps Hyper-V's errors (FullyQualifiedErrorId head and message text, as Hyper-V writes them) to the contract's failure kinds.
/// Retrying helps for a VM in a transitional state, a timeout or a busy management service; it does not for a missing
/// image, a refused golden image, missing permissions or the Hyper-V module; an out-of-memory host stays permanent until
/// capacity changes.
/// </summary>
internal static class HyperVErrorClassifier
{
    public static HyperVErrorClass Classify(ScriptError error, HyperVOperation operation)
    {
        ArgumentNullException.ThrowIfNull(error);
        var head = error.Head;
        var message = error.Message ?? string.Empty;
        if (IsVmNotFound(head, message))
        {
            return new HyperVErrorClass(operation == HyperVOperation.Delete ? OperationFailureKind.None : OperationFailureKind.Permanent, false);
        }

        if (string.Equals(head, "OutOfMemory", StringComparison.Ordinal)
            || message.Contains("Not enough memory in the system to start the virtual machine", StringComparison.OrdinalIgnoreCase))
        {
            return new HyperVErrorClass(OperationFailureKind.Permanent, true);
        }

        if (head is "InvalidState" or "ScriptTimeout" or "OperationTimeout" or "Timeout"
            || message.Contains("cannot be performed while the", StringComparison.OrdinalIgnoreCase)
            || message.Contains("The operation timed out", StringComparison.OrdinalIgnoreCase)
            || message.Contains("Virtual Machine Management service", StringComparison.OrdinalIgnoreCase))
        {
            return new HyperVErrorClass(OperationFailureKind.Transient, false);
        }

        return new HyperVErrorClass(OperationFailureKind.Permanent, false);
    }

    /// <summary>Whether the error says the VM does not exist. Other missing objects (a switch, a file) are not a missing VM.</summary>
    public static bool IsVmNotFound(string head, string message) =>
        message.Contains("unable to find a virtual machine", StringComparison.OrdinalIgnoreCase)
        || (string.Equals(head, "ObjectNotFound", StringComparison.Ordinal) && message.Contains("virtual machine", StringComparison.OrdinalIgnoreCase));
}
