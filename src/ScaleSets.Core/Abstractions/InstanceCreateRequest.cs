namespace ScaleSets.Abstractions;

/// <summary>
/// One instance to create. Real providers may time out after having created the instance, so every request carries a
/// deterministic <see cref="InstanceName"/> and a <see cref="ClientToken"/>: a provider that sees the same name or token
/// again returns the instance it already made instead of creating a duplicate.
/// </summary>
/// <param name="ScaleSetName">The scale set the instance belongs to; providers record it on the instance (tags, VM notes).</param>
/// <param name="InstanceName">The deterministic instance name, unique in the scale set, for example <c>web_000042</c>.</param>
/// <param name="ClientToken">The idempotency token of this create; retries of the same create reuse it.</param>
/// <param name="Zone">The availability zone or fault domain to place the instance in.</param>
/// <param name="Model">The model to create the instance from.</param>
public sealed record InstanceCreateRequest(
    string ScaleSetName,
    string InstanceName,
    string ClientToken,
    string Zone,
    ScaleSetModel Model);
