using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using ScaleSets.State;

namespace ScaleSets.Control;

/// <summary>
/// Keeps each scale set's <see cref="AutoscalerSnapshot"/> in a JSON file in one folder,
/// <c>&lt;set&gt;.autoscaler-state.json</c>, so an autoscaler restarted on the same machine (or one sharing the
/// folder) decides as the one before it would have.
/// </summary>
/// <remarks>
/// <para>
/// Writes are durable as <see cref="FileControllerStateStore"/>'s: a temporary file in the folder, flushed to the disk,
/// renamed over the old file, and the folder flushed, so a crash leaves the old state or the new one, never half a file.
/// </para>
/// <para>
/// A file that cannot be read (empty, truncated, NULs, not JSON, not a snapshot) is moved aside to
/// <c>&lt;set&gt;.autoscaler-state.json.unreadable-&lt;time&gt;</c> and reported as an
/// <see cref="AutoscalerStateUnreadableException"/>; nothing of it is loaded. A snapshot of an unknown
/// <see cref="AutoscalerSnapshot.Version"/> is reported as an <see cref="AutoscalerSnapshotVersionException"/> and left
/// where it is (a newer version of the library can still read it).
/// </para>
/// <para>
/// The tag of a stored state is a hash of the file's bytes. A save that names a tag compares it with the file's before
/// writing and refuses with <see cref="AutoscalerStateConflictException"/> when they differ; the comparison and the
/// rename are not one atomic step across processes (a database store's conditional write is), so the file store guards
/// against a stale owner in one process, not against two processes writing at the same instant.
/// </para>
/// </remarks>
public sealed class FileAutoscalerStateStore : IAutoscalerStateStore
{
    private static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly TimeProvider _time;
    private readonly Lock _gate = new();

    /// <summary>Creates a store in <paramref name="directory"/> (created at the first save).</summary>
    /// <param name="directory">The folder the state files live in.</param>
    /// <param name="timeProvider">Names the copies of unreadable files; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    public FileAutoscalerStateStore(string directory, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Gets the folder the state files live in.</summary>
    public string Directory { get; }

    /// <summary>Gets or sets a hook called after each step of a save (tests fail a step to act out a crash there).</summary>
    internal Action<DurableFile.Step>? SaveHook { get; set; }

    /// <summary>Returns the file that holds <paramref name="scaleSetName"/>'s state.</summary>
    /// <param name="scaleSetName">The scale set; letters, digits, '.', '-' and '_' only, so the name cannot leave the folder.</param>
    /// <returns>The file's full path.</returns>
    /// <exception cref="ArgumentException">The name is empty or holds other characters.</exception>
    public string PathOf(string scaleSetName) => DurableFile.PathOf(Directory, scaleSetName, ".autoscaler-state.json");

    /// <inheritdoc/>
    /// <exception cref="AutoscalerStateUnreadableException">The file exists but does not hold a readable snapshot; it was moved aside.</exception>
    /// <exception cref="AutoscalerSnapshotVersionException">The file holds a snapshot of an unknown version; it is left in place.</exception>
    public Task<StoredAutoscalerState?> LoadAsync(string scaleSetName, CancellationToken cancellationToken)
    {
        // Synchronous, as DurableFile's writes: one small file, and an engine on a virtual clock must not wait on real I/O.
        var path = PathOf(scaleSetName);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            DurableFile.RemoveStaleTemporaries(path);
            byte[] content;
            try
            {
                content = File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                return Task.FromResult<StoredAutoscalerState?>(null);
            }

            var problem = Problem(content, out var snapshot, out var cause);
            if (problem is not null)
            {
                return Task.FromException<StoredAutoscalerState?>(new AutoscalerStateUnreadableException(path, DurableFile.MoveAside(path, _time.GetUtcNow()), problem, cause));
            }

            try
            {
                AutoscalerSnapshot.ThrowIfUnsupported(snapshot!, path);
            }
            catch (AutoscalerSnapshotVersionException e)
            {
                return Task.FromException<StoredAutoscalerState?>(e);
            }

            return Task.FromResult<StoredAutoscalerState?>(new StoredAutoscalerState(snapshot!, TagOf(content)));
        }
    }

    /// <inheritdoc/>
    public Task<string> SaveAsync(string scaleSetName, AutoscalerSnapshot snapshot, string? expectedETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var path = PathOf(scaleSetName);
        var content = JsonSerializer.SerializeToUtf8Bytes(snapshot, Json);
        lock (_gate)
        {
            if (expectedETag is not null)
            {
                var current = CurrentTag(path);
                if (!string.Equals(current, expectedETag, StringComparison.Ordinal))
                {
                    return Task.FromException<string>(new AutoscalerStateConflictException(
                        $"{path}: the stored state is {(current is null ? "gone" : "version " + current)}, not version {expectedETag} that this writer loaded or wrote last; another owner wrote it, so this save was refused"));
                }
            }

            DurableFile.Write(path, content, SaveHook, cancellationToken);
            return Task.FromResult(TagOf(content));
        }
    }

    private static string? CurrentTag(string path)
    {
        try
        {
            return TagOf(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static string TagOf(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 16));

    /// <summary>Returns why <paramref name="content"/> is not a snapshot, or <see langword="null"/> with the snapshot.</summary>
    private static string? Problem(byte[] content, out AutoscalerSnapshot? snapshot, out Exception? cause)
    {
        snapshot = null;
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
            snapshot = JsonSerializer.Deserialize<AutoscalerSnapshot>(content, Json);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            cause = e;
            return "not an autoscaler snapshot: " + e.Message;
        }

        return snapshot is null ? "the file holds null instead of an autoscaler snapshot" : null;
    }
}
