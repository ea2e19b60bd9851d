namespace ScaleSets.Abstractions;

/// <summary>The outcome of one item of a batch call.</summary>
/// <param name="Key">The item: the instance name for a create, the instance id otherwise.</param>
/// <param name="Failure">How it failed, or <see cref="OperationFailureKind.None"/>.</param>
/// <param name="Message">What went wrong, for events and logs; <see langword="null"/> on success.</param>
/// <param name="Instance">The instance after the operation, when the provider reports it (always on a successful create).</param>
/// <param name="ZoneUnavailable">Whether a failed create failed because its zone cannot take instances (outage, no capacity):
/// the controller then places instances in other zones (best-effort balance) or blocks the scale-out (strict balance).</param>
public sealed record InstanceOperationResult(
    string Key,
    OperationFailureKind Failure,
    string? Message = null,
    InstanceInfo? Instance = null,
    bool ZoneUnavailable = false)
{
    /// <summary>Gets a value indicating whether the item succeeded.</summary>
    public bool Succeeded => Failure == OperationFailureKind.None;

    /// <summary>Returns a success for <paramref name="key"/>.</summary>
    /// <param name="key">The item.</param>
    /// <param name="instance">The instance after the operation, if known.</param>
    /// <returns>The result.</returns>
    public static InstanceOperationResult Success(string key, InstanceInfo? instance = null) =>
        new(key, OperationFailureKind.None, null, instance);
}
