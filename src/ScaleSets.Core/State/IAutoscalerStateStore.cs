namespace ScaleSets.State;

/// <summary>
/// Keeps each scale set's <see cref="AutoscalerSnapshot"/> where it outlives the process, so an autoscaler added again
/// after a restart (or on another machine) decides as if it had never stopped. The counterpart of the controller's
/// <c>IControllerStateStore</c>.
/// </summary>
/// <remarks>
/// ETag-friendly: a load returns the stored version's tag, and a save may name the tag it expects to replace; a store
/// that can write conditionally refuses a save whose tag is no longer current with
/// <see cref="AutoscalerStateConflictException"/>, so two owners of one set never both write.
/// </remarks>
public interface IAutoscalerStateStore
{
    /// <summary>Loads the saved state of a scale set.</summary>
    /// <param name="scaleSetName">The scale set.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The state last saved with its tag, or <see langword="null"/> when none was.</returns>
    /// <exception cref="AutoscalerStateUnreadableException">Something is stored but cannot be read; nothing of it is returned.</exception>
    /// <exception cref="AutoscalerSnapshotVersionException">The stored snapshot has an unknown version.</exception>
    Task<StoredAutoscalerState?> LoadAsync(string scaleSetName, CancellationToken cancellationToken);

    /// <summary>Saves the state of a scale set, replacing what was saved before.</summary>
    /// <param name="scaleSetName">The scale set.</param>
    /// <param name="snapshot">The state.</param>
    /// <param name="expectedETag">The tag of the state this save replaces, or <see langword="null"/> to replace whatever is stored.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The tag of the state now stored.</returns>
    /// <exception cref="AutoscalerStateConflictException">The stored state's tag is not <paramref name="expectedETag"/>.</exception>
    Task<string> SaveAsync(string scaleSetName, AutoscalerSnapshot snapshot, string? expectedETag, CancellationToken cancellationToken);
}
