namespace ScaleSets.Control;

/// <summary>The content of a <see cref="FileControllerStateStore"/> lease file.</summary>
/// <param name="Holder">Who holds the lease.</param>
/// <param name="ExpiresAt">When it expires unless renewed.</param>
internal sealed record LeaseFile(string Holder, DateTimeOffset ExpiresAt);
