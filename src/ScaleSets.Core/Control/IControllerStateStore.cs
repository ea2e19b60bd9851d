namespace ScaleSets.Control;

/// <summary>
/// Keeps a scale set's <see cref="ControllerState"/> where it outlives the controller process: beside the provider's own
/// records (a file next to the VMs, a tag on the scale set resource, a key in a configuration store).
/// </summary>
/// <remarks>
/// The controller loads the state once, in its first pass, before it decides anything; it saves the state at the end of a
/// pass that changed it. A failed load makes the pass act on nothing (and is retried next pass); a failed save is reported and retried.
/// </remarks>
public interface IControllerStateStore
{
    /// <summary>Loads the saved state of a scale set.</summary>
    /// <param name="scaleSetName">The scale set.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The state last saved, or <see langword="null"/> when none was.</returns>
    Task<ControllerState?> LoadAsync(string scaleSetName, CancellationToken cancellationToken);

    /// <summary>Saves the state of a scale set, replacing what was saved before.</summary>
    /// <param name="scaleSetName">The scale set.</param>
    /// <param name="state">The state.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the state is stored.</returns>
    Task SaveAsync(string scaleSetName, ControllerState state, CancellationToken cancellationToken);
}
