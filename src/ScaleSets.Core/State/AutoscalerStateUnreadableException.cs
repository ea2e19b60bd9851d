namespace ScaleSets.State;

/// <summary>
/// A saved autoscaler state cannot be read (empty, truncated, NULs from a power cut, not JSON, not a snapshot). Nothing
/// of it is loaded: the scale set starts as a new one, and the store has kept a copy aside when it could.
/// </summary>
public sealed class AutoscalerStateUnreadableException : IOException
{
    /// <summary>Creates the exception.</summary>
    public AutoscalerStateUnreadableException()
        : this("the autoscaler state cannot be read")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public AutoscalerStateUnreadableException(string message)
        : base(message)
    {
        Location = "";
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public AutoscalerStateUnreadableException(string message, Exception innerException)
        : base(message, innerException)
    {
        Location = "";
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="location">Where the state was read from.</param>
    /// <param name="copy">Where a copy is kept, or <see langword="null"/>.</param>
    /// <param name="problem">What is wrong with it.</param>
    /// <param name="innerException">The cause, or <see langword="null"/>.</param>
    public AutoscalerStateUnreadableException(string location, string? copy, string problem, Exception? innerException)
        : base($"{location}: the saved autoscaler state cannot be read ({problem}); {(copy is null ? "no copy could be kept" : $"a copy is kept at {copy}")}; the scale set starts without it", innerException)
    {
        Location = location;
        Copy = copy;
    }

    /// <summary>Gets where the state was read from.</summary>
    public string Location { get; }

    /// <summary>Gets where a copy of the unreadable state is kept, or <see langword="null"/>.</summary>
    public string? Copy { get; }
}
