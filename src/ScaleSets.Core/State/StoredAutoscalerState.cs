namespace ScaleSets.State;

/// <summary>A saved snapshot and the tag of its stored version.</summary>
/// <param name="Snapshot">The snapshot.</param>
/// <param name="ETag">The tag to pass to <see cref="IAutoscalerStateStore.SaveAsync"/> to replace exactly this version.</param>
public sealed record StoredAutoscalerState(AutoscalerSnapshot Snapshot, string ETag);
