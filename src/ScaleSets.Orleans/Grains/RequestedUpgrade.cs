using ScaleSets.Control;

namespace ScaleSets.Orleans.Grains;

/// <summary>
/// The rolling upgrade a client asked for (<see cref="IScaleSetGrain.StartRollingUpgradeAsync"/>), kept in the row
/// (<see cref="ScaleSetGrainState.UpgradeRequestedVersion"/>) because manual mode keeps no upgrade in the controller's
/// state: a new activation starts it again, unless it stopped since, and the request is forgotten once it completes or stops.
/// </summary>
/// <param name="name">The scale set.</param>
/// <param name="state">The grain's state.</param>
/// <param name="store">The row's writer; its context is the grain's.</param>
internal sealed class RequestedUpgrade(string name, IPersistentState<ScaleSetGrainState> state, GrainControllerStateStore store)
{
    /// <summary>Starts the upgrade to <paramref name="version"/> now, the request stored first. Call on the grain's context.</summary>
    public async Task StartAsync(ScaleSetRuntime runtime, string version)
    {
        state.State.UpgradeRequestedVersion = version;
        await store.WriteAsync().ConfigureAwait(true);
        runtime.Controller.StartRollingUpgrade(Cause(version));
    }

    /// <summary>
    /// Watches <paramref name="runtime"/>'s controller (the request is forgotten when the upgrade completes or stops) and
    /// starts again the upgrade a previous activation was asked for, unless it stopped since or the model changed.
    /// </summary>
    /// <returns>The watch; disposed with the runtime.</returns>
    public async Task<IDisposable> ResumeAsync(ScaleSetRuntime runtime, ScaleSetDefinition definition)
    {
        var watch = runtime.Controller.Events.Subscribe(e =>
        {
            if (e.Kind is ControllerEventKind.UpgradeCompleted or ControllerEventKind.UpgradeStopped)
            {
                // From the controller's thread: the row is touched on the grain's context only; the next write stores it.
                _ = store.RunOnGrain(() =>
                {
                    state.State.UpgradeRequestedVersion = null;
                    return Task.FromResult(true);
                });
            }
        });
        try
        {
            await ResumeCoreAsync(runtime, definition).ConfigureAwait(true);
            return watch;
        }
        catch
        {
            watch.Dispose();
            throw;
        }
    }

    private async Task ResumeCoreAsync(ScaleSetRuntime runtime, ScaleSetDefinition definition)
    {
        if (state.State.UpgradeRequestedVersion is not { } requested || !string.Equals(requested, definition.Model.Version, StringComparison.Ordinal))
        {
            return;
        }

        string? stopped;
        try
        {
            stopped = (await store.LoadAsync(name, CancellationToken.None).ConfigureAwait(true))?.StoppedUpgradeVersion;
        }
        catch (ControllerStateUnreadableException)
        {
            // The controller reports the unreadable state itself at its first pass; the upgrade was asked for, and not seen stopped.
            stopped = null;
        }

        if (!string.Equals(stopped, requested, StringComparison.Ordinal))
        {
            runtime.Controller.StartRollingUpgrade(Cause(requested));
        }
    }

    private string Cause(string version) => name + "#upgrade-" + version;
}
