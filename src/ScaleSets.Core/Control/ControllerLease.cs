namespace ScaleSets.Control;

/// <summary>The lease of a scale set as an <see cref="IControllerLeaseStore"/> reports it.</summary>
/// <param name="Acquired">Whether the caller holds it now.</param>
/// <param name="Holder">Who holds it.</param>
/// <param name="ExpiresAt">When it expires unless its holder renews it.</param>
public sealed record ControllerLease(bool Acquired, string Holder, DateTimeOffset ExpiresAt);
