using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Storage;
using ScaleSets.State;

namespace ScaleSets.Orleans.Grains;

/// <summary>
/// The autoscaler's <see cref="AutoscalerSnapshot"/> in the set's grain row (<see cref="ScaleSetGrainState.AutoscalerSnapshotJson"/>),
/// written through the row's conditional write, so a cooldown, the stabilization windows and the forecaster survive the
/// grain's move to another silo. A snapshot's tag is the count of snapshots written to the row
/// (<see cref="ScaleSetGrainState.AutoscalerSnapshotVersion"/>); a save naming another tag is refused, and a row write
/// refused for its ETag (another activation wrote since) fences the activation, as every write of the row does, and is
/// reported to the autoscaler as an <see cref="AutoscalerStateConflictException"/>: it stops saving.
/// </summary>
/// <param name="row">The row's writer: its writes are conditional, one at a time, on the grain's context.</param>
/// <param name="state">The grain's state.</param>
internal sealed class GrainAutoscalerStateStore(GrainControllerStateStore row, IPersistentState<ScaleSetGrainState> state) : IAutoscalerStateStore
{
    // As FileAutoscalerStateStore writes it: the snapshot holds doubles that may be NaN or infinite.
    private static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public Task<StoredAutoscalerState?> LoadAsync(string scaleSetName, CancellationToken cancellationToken) =>
        row.RunOnGrain(() => Task.FromResult(Read(scaleSetName, state.State)));

    public Task<string> SaveAsync(string scaleSetName, AutoscalerSnapshot snapshot, string? expectedETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var json = JsonSerializer.Serialize(snapshot, Json);
        return row.RunOnGrain(() => SaveOnGrainAsync(scaleSetName, json, expectedETag));
    }

    private static StoredAutoscalerState? Read(string scaleSetName, ScaleSetGrainState row)
    {
        if (row.AutoscalerSnapshotJson is not { Length: > 0 } json)
        {
            return null;
        }

        var location = $"scale set '{scaleSetName}' (grain storage, autoscaler snapshot {Tag(row.AutoscalerSnapshotVersion)})";
        AutoscalerSnapshot? snapshot;
        try
        {
            snapshot = JsonSerializer.Deserialize<AutoscalerSnapshot>(json, Json);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw new AutoscalerStateUnreadableException(location, copy: null, "not an autoscaler snapshot: " + e.Message, e);
        }

        if (snapshot is null)
        {
            throw new AutoscalerStateUnreadableException(location, copy: null, "the row holds null instead of an autoscaler snapshot", innerException: null);
        }

        AutoscalerSnapshot.ThrowIfUnsupported(snapshot, location);
        return new StoredAutoscalerState(snapshot, Tag(row.AutoscalerSnapshotVersion));
    }

    private async Task<string> SaveOnGrainAsync(string scaleSetName, string json, string? expectedETag)
    {
        var current = state.State;
        if (row.IsFenced)
        {
            throw new AutoscalerStateConflictException($"Scale set '{scaleSetName}': this activation was fenced (another activation wrote the row since); it no longer saves the autoscaler's state.");
        }

        if (expectedETag is not null && !string.Equals(expectedETag, Tag(current.AutoscalerSnapshotVersion), StringComparison.Ordinal))
        {
            throw new AutoscalerStateConflictException($"Scale set '{scaleSetName}': the stored autoscaler snapshot is {Tag(current.AutoscalerSnapshotVersion)}, not {expectedETag} that this autoscaler loaded or wrote last; the save was refused.");
        }

        var (previousJson, previousVersion) = (current.AutoscalerSnapshotJson, current.AutoscalerSnapshotVersion);
        current.AutoscalerSnapshotJson = json;
        current.AutoscalerSnapshotVersion = previousVersion + 1;
        try
        {
            await row.WriteAsync().ConfigureAwait(true);
        }
        catch (InconsistentStateException e)
        {
            // The row write fenced the activation already; the autoscaler hears it as the conflict it is.
            throw new AutoscalerStateConflictException($"Scale set '{scaleSetName}': another activation wrote the row since this one read it; the autoscaler's state was not saved and this activation stops acting.", e);
        }
        catch
        {
            // Not stored (the database failed): the row in memory goes back to the stored snapshot, so the retry's tag matches.
            if (current.AutoscalerSnapshotVersion == previousVersion + 1)
            {
                current.AutoscalerSnapshotJson = previousJson;
                current.AutoscalerSnapshotVersion = previousVersion;
            }

            throw;
        }

        return Tag(previousVersion + 1);
    }

    private static string Tag(long version) => string.Create(CultureInfo.InvariantCulture, $"snapshot-{version}");
}
