using System.Globalization;
using ScaleSets.Metrics;
using ScaleSets.Model;
using ScaleSets.State;

namespace ScaleSets.Engine;

/// <summary>Adding a scale set whose state survives restarts.</summary>
public sealed partial class AutoscaleEngine
{
    /// <summary>
    /// Adds a scale set as <see cref="AddScaleSet(string, AutoscaleSetting, int, IEnumerable{IObservable{MetricSample}}?)"/>
    /// does, first restoring the state <paramref name="stateStore"/> holds for it (before its sources are subscribed
    /// and before it is evaluated), and saving its state after every evaluation from then on.
    /// </summary>
    /// <remarks>
    /// A saved state that cannot be read (truncated, corrupted, an unknown version) or loaded is reported as a
    /// <see cref="AutoscaleEngineEventKind.StateUnreadable"/> event and not used: the set starts as a new one. A
    /// restored set reports <see cref="AutoscaleEngineEventKind.StateRestored"/>, and its capacity is the saved one
    /// (tell it the real one with <see cref="ScaleSetAutoscaler.ReportCapacity"/> when the controller knows better).
    /// Saving: each evaluation takes a snapshot under the set's lock (a copy of its histories and metric grains) and
    /// hands it to a writer on the thread pool, which serializes and writes it; at most one write is in flight per set
    /// and the newest snapshot replaces one still waiting. A failed write is reported as
    /// <see cref="AutoscaleEngineEventKind.StateSaveFailed"/>; <see cref="ScaleSetAutoscaler.SaveStateAsync"/> writes
    /// now and waits (for a graceful shutdown).
    /// </remarks>
    /// <param name="name">A unique name.</param>
    /// <param name="setting">Its autoscale setting; validated.</param>
    /// <param name="initialCapacity">Its capacity now, used when no state is saved.</param>
    /// <param name="stateStore">Where its state is kept.</param>
    /// <param name="sources">Its metric sources, if any yet.</param>
    /// <param name="cancellationToken">Cancels loading the state.</param>
    /// <returns>The scale set's autoscaler.</returns>
    /// <exception cref="Configuration.AutoscaleSettingException">The setting is invalid; every problem is listed.</exception>
    /// <exception cref="ArgumentException">A scale set of this name exists.</exception>
    /// <exception cref="InvalidOperationException">A source could not be subscribed; nothing was added.</exception>
    public async Task<ScaleSetAutoscaler> AddScaleSetAsync(
        string name,
        AutoscaleSetting setting,
        int initialCapacity,
        IAutoscalerStateStore stateStore,
        IEnumerable<IObservable<MetricSample>>? sources = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(setting);
        ArgumentNullException.ThrowIfNull(stateStore);
        ThrowIfExists(name);
        StoredAutoscalerState? stored = null;
        try
        {
            stored = await stateStore.LoadAsync(name, cancellationToken).ConfigureAwait(false);
            if (stored is not null)
            {
                AutoscalerSnapshot.ThrowIfUnsupported(stored.Snapshot, $"scale set '{name}'");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stored = null;
            Publish(new AutoscaleEngineEvent(Now, name, AutoscaleEngineEventKind.StateUnreadable, $"scale set '{name}': its saved state was not used: {e.Message}", Exception: e));
        }

        var restored = false;
        var set = AddScaleSet(name, setting, initialCapacity, sources, prepare: s =>
        {
            if (stored is not null)
            {
                s.RestoreState(stored.Snapshot);
                restored = true;
            }

            s.AttachStateSaver(new AutoscalerStateSaver(stateStore, name, stored?.ETag, e => Publish(new AutoscaleEngineEvent(
                Now,
                name,
                AutoscaleEngineEventKind.StateSaveFailed,
                e is AutoscalerStateConflictException
                    ? $"scale set '{name}': its state was written by another owner; this autoscaler no longer saves it: {e.Message}"
                    : $"scale set '{name}': saving its state failed: {e.Message}; the next evaluation saves again",
                Exception: e))));
        });
        if (restored)
        {
            var snapshot = stored!.Snapshot;
            Publish(new AutoscaleEngineEvent(Now, name, AutoscaleEngineEventKind.StateRestored, string.Create(CultureInfo.InvariantCulture, $"scale set '{name}': resumed from its state of {snapshot.TakenAt:yyyy-MM-ddTHH:mm:ssZ} (capacity {snapshot.Capacity}, {snapshot.Sequence} evaluation(s), cooldown {(snapshot.CooldownUntil is { } until ? until.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) : "none")})")));
        }

        return set;
    }
}
