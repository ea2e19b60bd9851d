using System.Text.Json;
using Orleans.Storage;
using ScaleSets.Control;

namespace ScaleSets.Orleans.Grains;

/// <summary>
/// The controller's state and lease over the grain's <see cref="IPersistentState{TState}"/>. Taking the lease is a
/// conditional write (ETag) before every pass acts; a write refused with <see cref="InconsistentStateException"/> means
/// another activation wrote since this one read, so this one is fenced: the pass does nothing, <paramref name="fence"/>
/// deactivates the grain, and no later pass of this activation acts.
/// </summary>
/// <param name="state">The grain's state.</param>
/// <param name="holder">Who this activation is (silo and activation id).</param>
/// <param name="fence">Called once when a write is refused; stops the activation.</param>
/// <param name="desired">Reads the controller's desired capacity, written with the lease.</param>
/// <param name="time">The clock the lease's expiry is stamped from.</param>
/// <param name="grainScheduler">
/// The activation's task scheduler: the controller calls the store from thread-pool continuations, and Orleans storage
/// may only be written from the grain's own context, so every write is queued there.
/// </param>
internal sealed class GrainControllerStateStore(
    TaskScheduler grainScheduler,
    IPersistentState<ScaleSetGrainState> state,
    string holder,
    Action<Exception> fence,
    Func<int?> desired,
    TimeProvider time) : IControllerStateStore, IControllerLeaseStore
{
    private static readonly JsonSerializerOptions Json = new();

    // Writes of one activation go one at a time (creates record their intent concurrently): two at once would refuse
    // each other's ETag. Every write runs on the grain's context, so this tail needs no lock.
    private Task _tail = Task.CompletedTask;
    private bool _fenced;

    /// <summary>Gets or sets what runs on the grain's context just before each write (the grain copies its trail into the row).</summary>
    public Action? BeforeWrite { get; set; }

    /// <summary>Gets whether a write of this activation was refused.</summary>
    public bool IsFenced => Volatile.Read(ref _fenced);

    public async Task<ControllerState?> LoadAsync(string scaleSetName, CancellationToken cancellationToken)
    {
        // Even reading the state is the grain context's business.
        var json = await OnGrain(() => Task.FromResult(state.State.ControllerStateJson)).ConfigureAwait(false);
        if (json is not { Length: > 0 })
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ControllerState>(json, Json);
        }
        catch (JsonException ex)
        {
            throw new ControllerStateUnreadableException($"Scale set '{scaleSetName}': the controller state in grain storage does not read: {ex.Message}", ex);
        }
    }

    public async Task SaveAsync(string scaleSetName, ControllerState state1, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(state1, Json);
        await OnGrain(() =>
        {
            state.State.ControllerStateJson = json;
            return WriteAsync();
        }).ConfigureAwait(false);
    }

    public Task<ControllerLease> AcquireAsync(string scaleSetName, string holder1, CancellationToken cancellationToken) =>
        OnGrain(AcquireOnGrainAsync);

    private async Task<ControllerLease> AcquireOnGrainAsync()
    {
        var expires = time.GetUtcNow().AddMinutes(5);
        if (IsFenced)
        {
            return new ControllerLease(false, "a newer activation (this one's write was refused)", expires);
        }

        state.State.DesiredCapacity = desired() ?? state.State.DesiredCapacity;
        try
        {
            await WriteAsync().ConfigureAwait(true);
        }
        catch (InconsistentStateException)
        {
            return new ControllerLease(false, "a newer activation (this one's write was refused)", expires);
        }

        return new ControllerLease(true, holder, expires);
    }

    // The grain is the only holder of its lease; deactivation ends it, and a newer activation's first write takes it.
    public Task ReleaseAsync(string scaleSetName, string holder1, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Records creates about to be sent (a conditional write: a fenced activation sends nothing). Callable from any thread.</summary>
    public Task RecordCreatesAsync(IReadOnlyList<Abstractions.InstanceCreateRequest> requests) => OnGrain(() =>
    {
        state.State.PendingCreates.AddRange(requests.Select(PendingCreate.From));
        return WriteAsync();
    });

    /// <summary>Forgets creates the provider answered. Callable from any thread.</summary>
    public Task ClearCreatesAsync(IReadOnlyList<string> instanceNames) => OnGrain(() =>
    {
        var removed = state.State.PendingCreates.RemoveAll(p => instanceNames.Contains(p.InstanceName, StringComparer.Ordinal));
        return removed == 0 ? Task.CompletedTask : WriteAsync();
    });

    /// <summary>Writes the state conditionally; a refused write fences this activation and is rethrown. Call on the grain's context.</summary>
    public Task WriteAsync()
    {
        var write = WriteAfterAsync(_tail);
        _tail = write;
        return write;
    }

    private async Task WriteAfterAsync(Task previous)
    {
        try
        {
            await previous.ConfigureAwait(true);
        }
#pragma warning disable CA1031 // The previous write's failure is its caller's; this one only waits for it.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        try
        {
            if (IsFenced)
            {
                throw new InconsistentStateException($"This activation ({holder}) was fenced by a refused write; it does not write again.");
            }

            BeforeWrite?.Invoke();
            state.State.Generation++;
            state.State.WrittenBy = holder;
            await state.WriteStateAsync().ConfigureAwait(true);
        }
        catch (InconsistentStateException ex) when (!IsFenced)
        {
            Volatile.Write(ref _fenced, true);
            fence(ex);
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> on the grain's context (state may only be touched there). Callable from any thread.</summary>
    public Task<T> RunOnGrain<T>(Func<Task<T>> work) => OnGrain(work);

    private Task OnGrain(Func<Task> write) =>
        Task.Factory.StartNew(write, CancellationToken.None, TaskCreationOptions.None, grainScheduler).Unwrap();

    private Task<T> OnGrain<T>(Func<Task<T>> write) =>
        Task.Factory.StartNew(write, CancellationToken.None, TaskCreationOptions.None, grainScheduler).Unwrap();
}
