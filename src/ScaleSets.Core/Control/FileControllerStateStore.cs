using System.Globalization;
using System.Text.Json;

namespace ScaleSets.Control;

/// <summary>
/// Keeps each scale set's <see cref="ControllerState"/> in a JSON file in one folder, so a controller restarted on the
/// same machine (or one that shares the folder) behaves as the one before it, and gives each set one owner through a
/// lease file (<see cref="IControllerLeaseStore"/>).
/// </summary>
/// <remarks>
/// <para>
/// Writes are durable: the state goes to a temporary file in the folder, which is flushed to the disk, renamed over
/// the old file, and the folder is flushed, so a crash or power cut leaves the old state or the new one, never half a
/// file. A failed or cancelled save removes its temporary file; temporary files of a killed process are removed at the next load.
/// </para>
/// <para>
/// A file that cannot be read (empty, truncated, NULs, not JSON, not a state) is moved aside to
/// <c>&lt;set&gt;.controller-state.json.unreadable-&lt;time&gt;</c> and reported as a
/// <see cref="ControllerStateUnreadableException"/>: the controller says so in an error event and goes on from what the
/// provider and the load balancer report. The fields of a state read are returned as they are; the controller treats every one as untrusted.
/// </para>
/// <para>
/// The lease of a set is <c>&lt;set&gt;.controller-lease.json</c>, holding its holder and expiry; it is read and
/// written under an exclusive lock of <c>&lt;set&gt;.controller-lease.lock</c>, so two controllers (in one process or
/// in two sharing the folder) never both take it. Expiry is judged on the <see cref="TimeProvider"/> given.
/// </para>
/// </remarks>
public sealed class FileControllerStateStore : IControllerStateStore, IControllerLeaseStore
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
    private readonly TimeProvider _time;

    /// <summary>Creates a store in <paramref name="directory"/> (created when missing).</summary>
    /// <param name="directory">The folder the state files live in.</param>
    /// <param name="timeProvider">The clock leases expire on; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    public FileControllerStateStore(string directory, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Gets the folder the state files live in.</summary>
    public string Directory { get; }

    /// <summary>
    /// Gets or sets how long a lease lasts unless renewed. The holder renews it at every pass, so it must be longer than
    /// <see cref="ScaleSetControllerOptions.ReconcileInterval"/> plus the longest pass; when the holder dies, another
    /// controller takes over this long after its last pass.
    /// </summary>
    /// <value>The default is 2 minutes.</value>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets or sets a hook called after each step of a save (tests fail a step to act out a crash there).</summary>
    internal Action<DurableFile.Step>? SaveHook { get; set; }

    /// <summary>Returns the file that holds <paramref name="scaleSetName"/>'s state.</summary>
    /// <param name="scaleSetName">The scale set; letters, digits, '.', '-' and '_' only, so the name cannot leave the folder.</param>
    /// <returns>The file's full path.</returns>
    /// <exception cref="ArgumentException">The name is empty or holds other characters.</exception>
    public string PathOf(string scaleSetName) => DurableFile.PathOf(Directory, scaleSetName, ".controller-state.json");

    /// <summary>Returns the lease file of <paramref name="scaleSetName"/>.</summary>
    /// <param name="scaleSetName">The scale set, as in <see cref="PathOf"/>.</param>
    /// <returns>The file's full path.</returns>
    public string LeasePathOf(string scaleSetName) => Path.ChangeExtension(PathOf(scaleSetName), null)[..^".controller-state".Length] + ".controller-lease.json";

    /// <inheritdoc/>
    /// <exception cref="ControllerStateUnreadableException">The file exists but does not hold a readable state; it was moved aside, and the message names both files.</exception>
    public Task<ControllerState?> LoadAsync(string scaleSetName, CancellationToken cancellationToken)
    {
        // Synchronous, as the writes (see DurableFile.Write): a small file, and a pass on a virtual clock must not wait on real I/O.
        var path = PathOf(scaleSetName);
        cancellationToken.ThrowIfCancellationRequested();
        DurableFile.RemoveStaleTemporaries(path);
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<ControllerState?>(null);
        }

        var problem = Problem(content, out var state, out var cause);
        return problem is null
            ? Task.FromResult(state)
            : Task.FromException<ControllerState?>(new ControllerStateUnreadableException(path, DurableFile.MoveAside(path, _time.GetUtcNow()), problem, cause));
    }

    /// <inheritdoc/>
    public Task SaveAsync(string scaleSetName, ControllerState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        DurableFile.Write(PathOf(scaleSetName), JsonSerializer.SerializeToUtf8Bytes(state, Json), SaveHook, cancellationToken);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<ControllerLease> AcquireAsync(string scaleSetName, string holder, CancellationToken cancellationToken) =>
        Task.FromResult(Acquire(scaleSetName, holder, cancellationToken));

    private ControllerLease Acquire(string scaleSetName, string holder, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(holder);
        var path = LeasePathOf(scaleSetName);
        using var guard = TryLock(path);
        var now = _time.GetUtcNow();
        if (guard is null)
        {
            // Another controller is reading or writing the lease at this moment: it is about to hold it.
            return new ControllerLease(false, ReadLease(path)?.Holder ?? "another controller (taking the lease now)", now + LeaseDuration);
        }

        if (ReadLease(path) is { } current && current.Holder != holder && current.ExpiresAt > now)
        {
            return new ControllerLease(false, current.Holder, current.ExpiresAt);
        }

        var lease = new LeaseFile(holder, now + LeaseDuration);
        DurableFile.Write(path, JsonSerializer.SerializeToUtf8Bytes(lease, Json), null, cancellationToken);
        return new ControllerLease(true, holder, lease.ExpiresAt);
    }

    /// <inheritdoc/>
    public Task ReleaseAsync(string scaleSetName, string holder, CancellationToken cancellationToken)
    {
        var path = LeasePathOf(scaleSetName);
        using var guard = TryLock(path);
        if (guard is not null && ReadLease(path)?.Holder == holder)
        {
            File.Delete(path);
        }

        return Task.CompletedTask;
    }

    /// <summary>Returns why <paramref name="content"/> is not a state, or <see langword="null"/> with the state (its fields as read: the controller makes them safe).</summary>
    private static string? Problem(byte[] content, out ControllerState? state, out Exception? cause)
    {
        state = null;
        cause = null;
        if (content.Length == 0)
        {
            return "the file is empty";
        }

        if (Array.TrueForAll(content, b => b == 0))
        {
            return string.Create(CultureInfo.InvariantCulture, $"the file holds only {content.Length} NUL bytes");
        }

        try
        {
            state = JsonSerializer.Deserialize<ControllerState>(content, Json);
        }
        catch (JsonException e)
        {
            cause = e;
            return "not a controller state: " + e.Message;
        }
        catch (NotSupportedException e)
        {
            cause = e;
            return "not a controller state: " + e.Message;
        }

        if (state is null)
        {
            return "the file holds null instead of a controller state";
        }

        return null;
    }

    /// <summary>Keeps an unreadable file for a person to look at, out of the controller's way; returns where, or null.</summary>

    private static FileStream? TryLock(string leasePath)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(leasePath)!);
        try
        {
            return new FileStream(Path.ChangeExtension(leasePath, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static LeaseFile? ReadLease(string path)
    {
        try
        {
            var lease = JsonSerializer.Deserialize<LeaseFile>(File.ReadAllBytes(path), Json);
            return lease is { Holder.Length: > 0 } ? lease : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            // A lease that cannot be read is no lease: whoever asks next takes it.
            return null;
        }
    }
}
