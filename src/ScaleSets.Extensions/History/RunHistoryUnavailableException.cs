namespace ScaleSets.History;

/// <summary>The run history's database cannot be read: it is missing, locked, damaged or unreachable. The message names it and why.</summary>
public sealed class RunHistoryUnavailableException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="RunHistoryUnavailableException"/> class.</summary>
    public RunHistoryUnavailableException()
        : this("The run history is unavailable.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RunHistoryUnavailableException"/> class.</summary>
    /// <param name="message">What is unavailable and why.</param>
    public RunHistoryUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RunHistoryUnavailableException"/> class.</summary>
    /// <param name="message">What is unavailable and why.</param>
    /// <param name="innerException">The database's error.</param>
    public RunHistoryUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
