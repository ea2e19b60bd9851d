namespace ScaleSets.State;

/// <summary>A conditional save was refused: the stored state is not the version the writer expected (another owner wrote it).</summary>
public sealed class AutoscalerStateConflictException : IOException
{
    /// <summary>Creates the exception.</summary>
    public AutoscalerStateConflictException()
        : this("the stored autoscaler state was replaced by another writer")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public AutoscalerStateConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public AutoscalerStateConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
