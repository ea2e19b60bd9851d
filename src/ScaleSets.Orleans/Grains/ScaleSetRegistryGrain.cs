using Orleans.Concurrency;
using ScaleSets.Orleans.Hosting;

namespace ScaleSets.Orleans.Grains;

/// <summary>
/// The registry of scale set names (see <see cref="IScaleSetRegistryGrain"/>), kept in grain storage. Its row holds every
/// name, so one write per definition would rewrite all names each time (quadratic when thousands of sets are defined at
/// once). Writes are coalesced instead: calls interleave (the grain is reentrant; its turns still run one at a time), at
/// most one write is in flight, and every name added while it runs goes out in the single next write, which all those
/// calls await. A call completes only once a write holding its name is stored.
/// </summary>
[Reentrant]
internal sealed class ScaleSetRegistryGrain(
    [PersistentState("registry", ScaleSetsSiloOptions.StorageName)] IPersistentState<ScaleSetRegistryState> state) : Grain, IScaleSetRegistryGrain
{
    private Task? _writing;
    private Task? _next;

    public async Task AddAsync(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (state.State.Names.Add(name))
        {
            await NextWrite().ConfigureAwait(true);
        }
        else if ((_next ?? _writing) is { } unstored)
        {
            // Added by a call whose write is not stored yet: this one waits for the same write.
            await unstored.ConfigureAwait(true);
        }
    }

    public Task<IReadOnlyList<string>> ListAsync() =>
        Task.FromResult<IReadOnlyList<string>>([.. state.State.Names.Order(StringComparer.Ordinal)]);

    /// <summary>The write that will hold every name added so far: the one starting now, or the one queued after the write in flight.</summary>
    private Task NextWrite()
    {
        if (_writing is null)
        {
            _writing = WriteAsync();
            return _writing;
        }

        return _next ??= WriteAfterAsync(_writing);
    }

    private async Task WriteAfterAsync(Task inFlight)
    {
        try
        {
            await inFlight.ConfigureAwait(true);
        }
#pragma warning disable CA1031 // The write in flight failed for its own callers; this write is tried for the names added since.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        _next = null;
        _writing = WriteAsync();
        await _writing.ConfigureAwait(true);
    }

    private async Task WriteAsync()
    {
        try
        {
            await state.WriteStateAsync().ConfigureAwait(true);
        }
        finally
        {
            if (_next is null)
            {
                _writing = null;
            }
        }
    }
}
