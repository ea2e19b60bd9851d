namespace ScaleSets.Control;

/// <summary>
/// A saved controller state cannot be read (empty, truncated, NULs from a power cut, not JSON, not a state). The store
/// has kept a copy aside; the controller reports this in an <see cref="ControllerEventKind.Error"/> event and goes on
/// from what the provider and the load balancer report, as a controller without saved state does.
/// </summary>
public sealed class ControllerStateUnreadableException : IOException
{
    /// <summary>Creates the exception.</summary>
    public ControllerStateUnreadableException()
        : this("the controller state cannot be read")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public ControllerStateUnreadableException(string message)
        : base(message)
    {
        Location = "";
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ControllerStateUnreadableException(string message, Exception innerException)
        : base(message, innerException)
    {
        Location = "";
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="location">Where the state was read from (a file, a row).</param>
    /// <param name="copy">Where a copy of what was there is kept, or <see langword="null"/> when none could be made.</param>
    /// <param name="problem">What is wrong with it.</param>
    /// <param name="innerException">The cause, or <see langword="null"/>.</param>
    public ControllerStateUnreadableException(string location, string? copy, string problem, Exception? innerException)
        : base($"{location}: the saved controller state cannot be read ({problem}); {(copy is null ? "no copy could be kept" : $"a copy is kept at {copy}")}; continuing from what the provider and the load balancer report", innerException)
    {
        Location = location;
        Copy = copy;
    }

    /// <summary>Gets where the state was read from.</summary>
    public string Location { get; }

    /// <summary>Gets where a copy of the unreadable state is kept, or <see langword="null"/>.</summary>
    public string? Copy { get; }
}
