namespace ScaleSets.Abstractions;

/// <summary>How an operation on an instance failed.</summary>
public enum OperationFailureKind
{
    /// <summary>It did not fail.</summary>
    None,

    /// <summary>A failure worth retrying: throttling, timeouts, a busy host.</summary>
    Transient,

    /// <summary>A failure retrying will not fix: quota exceeded, bad image, zone unavailable.</summary>
    Permanent,
}
