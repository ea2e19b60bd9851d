using ScaleSets.Control;

namespace ScaleSets.Simulation.Cloud;

/// <summary>An in-memory <see cref="IControllerStateStore"/> that lives with the simulated cloud, so it survives controller restarts.</summary>
public sealed class SimulatedControllerStateStore : IControllerStateStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ControllerState> _states = new(StringComparer.Ordinal);
    private int _saves;

    /// <summary>Gets how many saves were made.</summary>
    public int Saves
    {
        get
        {
            lock (_gate)
            {
                return _saves;
            }
        }
    }

    /// <inheritdoc/>
    public Task<ControllerState?> LoadAsync(string scaleSetName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scaleSetName);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_states.GetValueOrDefault(scaleSetName));
        }
    }

    /// <inheritdoc/>
    public Task SaveAsync(string scaleSetName, ControllerState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scaleSetName);
        ArgumentNullException.ThrowIfNull(state);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            _states[scaleSetName] = state with { RepairPendingInstanceIds = [.. state.RepairPendingInstanceIds], Removals = [.. state.Removals ?? []] };
            _saves++;
        }

        return Task.CompletedTask;
    }
}
