namespace ScaleSets.State;

/// <summary>A saved autoscaler snapshot has a <see cref="AutoscalerSnapshot.Version"/> this library does not know (written by a newer one).</summary>
public sealed class AutoscalerSnapshotVersionException : IOException
{
    /// <summary>Creates the exception.</summary>
    public AutoscalerSnapshotVersionException()
        : this("the autoscaler snapshot has an unknown version")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public AutoscalerSnapshotVersionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public AutoscalerSnapshotVersionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="location">Where the snapshot was read from.</param>
    /// <param name="version">Its version.</param>
    public AutoscalerSnapshotVersionException(string location, int version)
        : base($"{location}: autoscaler snapshot version {version} is not supported (this library reads version {AutoscalerSnapshot.CurrentVersion}); it was written by another version of ScaleSets.Core. The scale set starts without its saved state.")
    {
        Version = version;
    }

    /// <summary>Gets the version found.</summary>
    public int Version { get; }
}
