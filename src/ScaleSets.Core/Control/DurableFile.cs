using System.Globalization;

namespace ScaleSets.Control;

/// <summary>
/// Replaces a file so that after a crash or a power cut either the old or the new content is on disk, never a mix,
/// an empty file or NULs: the new content goes to a temporary file in the same folder, is flushed to the disk, renamed
/// over the old file, and the folder itself is flushed so the rename survives. A failed or cancelled write removes its
/// temporary file.
/// </summary>
internal static class DurableFile
{
    /// <summary>The steps of a write, in order; a test hook can fail at each.</summary>
    internal enum Step
    {
        Created,
        Written,
        Flushed,
        Renamed,
    }

    /// <summary>The suffix of temporary files, so stale ones (a process killed mid-write) can be found and removed.</summary>
    public const string TemporarySuffix = ".tmp";

    /// <summary>Writes <paramref name="path"/> through a temporary file.</summary>
    /// <remarks>
    /// Synchronous: the files are small (a state, a lease), the flush to disk is synchronous anyway, and a controller
    /// pass on a virtual clock must never wait on real I/O.
    /// </remarks>
    /// <param name="path">The file to replace.</param>
    /// <param name="content">The new content.</param>
    /// <param name="hook">Called after each step (tests make a step fail); <see langword="null"/> in production.</param>
    /// <param name="cancellationToken">Cancels the write before the rename; the old file is then left as it was.</param>
    public static void Write(string path, ReadOnlySpan<byte> content, Action<Step>? hook, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        var temp = path + "." + Guid.NewGuid().ToString("N") + TemporarySuffix;
        var renamed = false;
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                hook?.Invoke(Step.Created);
                cancellationToken.ThrowIfCancellationRequested();
                stream.Write(content);
                stream.Flush();
                hook?.Invoke(Step.Written);
                stream.Flush(flushToDisk: true);
                hook?.Invoke(Step.Flushed);
            }

            cancellationToken.ThrowIfCancellationRequested();
            File.Move(temp, path, overwrite: true);
            renamed = true;
            hook?.Invoke(Step.Renamed);
            FlushDirectory(directory);
        }
        finally
        {
            if (!renamed)
            {
                TryDelete(temp);
            }
        }
    }

    /// <summary>Returns the file in <paramref name="directory"/> that holds <paramref name="scaleSetName"/>'s state of one kind.</summary>
    /// <param name="directory">The store's folder.</param>
    /// <param name="scaleSetName">The scale set; letters, digits, '.', '-' and '_' only, so the name cannot leave the folder.</param>
    /// <param name="suffix">What follows the name, for example <c>.controller-state.json</c>.</param>
    /// <exception cref="ArgumentException">The name is empty or holds other characters.</exception>
    public static string PathOf(string directory, string scaleSetName, string suffix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scaleSetName);
        foreach (var c in scaleSetName)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_') || scaleSetName is "." or "..")
            {
                throw new ArgumentException($"Scale set name '{scaleSetName}' cannot name a state file: use letters, digits, '.', '-' and '_' only.", nameof(scaleSetName));
            }
        }

        return Path.Combine(directory, scaleSetName + suffix);
    }

    /// <summary>Moves an unreadable <paramref name="path"/> aside to <c>path.unreadable-STAMP[-n]</c>, so nothing reads it half-way and a person can.</summary>
    /// <param name="path">The unreadable file.</param>
    /// <param name="now">The time its copy is named after.</param>
    /// <returns>The copy's path, or <see langword="null"/> when the file could not be moved.</returns>
    public static string? MoveAside(string path, DateTimeOffset now)
    {
        var stamp = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var aside = path + ".unreadable-" + stamp;
        for (var n = 1; File.Exists(aside); n++)
        {
            aside = path + ".unreadable-" + stamp + "-" + n.ToString(CultureInfo.InvariantCulture);
        }

        try
        {
            File.Move(path, aside);
            return aside;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Removes the temporary files a killed writer of <paramref name="path"/> left behind.</summary>
    /// <param name="path">The file whose temporary files to remove.</param>
    public static void RemoveStaleTemporaries(string path)
    {
        var directory = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(directory))
        {
            return;
        }

        foreach (var stale in Directory.EnumerateFiles(directory, Path.GetFileName(path) + ".*" + TemporarySuffix))
        {
            TryDelete(stale);
        }
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the next RemoveStaleTemporaries; the file it was to replace is intact.
        }
    }

    /// <summary>Makes a rename in <paramref name="directory"/> durable: on Unix the folder is fsync'ed; Windows' NTFS journals renames itself.</summary>
    private static void FlushDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var fd = Posix.Open(directory, Posix.ReadOnly | Posix.Directory);
        if (fd < 0)
        {
            return;
        }

        try
        {
            _ = Posix.Fsync(fd);
        }
        finally
        {
            _ = Posix.Close(fd);
        }
    }
}
