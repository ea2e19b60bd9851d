namespace ScaleSets.Traces;

/// <summary>A trace file that cannot be read: the message names the file and the line.</summary>
public sealed class TraceFormatException : FormatException
{
    /// <summary>Initializes a new instance of the <see cref="TraceFormatException"/> class.</summary>
    public TraceFormatException()
        : this("trace", 0, "the trace cannot be read")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TraceFormatException"/> class.</summary>
    /// <param name="message">The message.</param>
    public TraceFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TraceFormatException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public TraceFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TraceFormatException"/> class.</summary>
    /// <param name="sourceName">The file (or other source) name.</param>
    /// <param name="line">The 1-based line number, or 0 when the problem is not on one line.</param>
    /// <param name="problem">What is wrong.</param>
    public TraceFormatException(string sourceName, int line, string problem)
        : base(line > 0 ? $"{sourceName}:{line.ToString(System.Globalization.CultureInfo.InvariantCulture)}: {problem}" : $"{sourceName}: {problem}")
    {
        SourceName = sourceName;
        Line = line;
        Problem = problem;
    }

    /// <summary>Gets the file (or other source) name.</summary>
    public string SourceName { get; } = "trace";

    /// <summary>Gets the 1-based line number of the problem, or 0 when it is not on one line.</summary>
    public int Line { get; }

    /// <summary>Gets what is wrong, without the file and line.</summary>
    public string Problem { get; } = "";
}
