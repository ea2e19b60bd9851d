namespace ScaleSets.Replay;

/// <summary>A metrics CSV file has a row or header that cannot be read; the message names the file and line.</summary>
public sealed class MetricCsvFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="source">The file name or description of the input.</param>
    /// <param name="line">The 1-based line number.</param>
    /// <param name="problem">What is wrong.</param>
    public MetricCsvFormatException(string source, int line, string problem)
        : base($"{source}:{line}: {problem}")
    {
        Source = source;
        Line = line;
        Problem = problem;
    }

    /// <summary>Creates the exception.</summary>
    public MetricCsvFormatException()
        : this("<input>", 0, "invalid metrics CSV")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public MetricCsvFormatException(string message)
        : this("<input>", 0, message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public MetricCsvFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Source = "<input>";
        Problem = message;
    }

    /// <summary>Gets the file name or description of the input.</summary>
    public new string Source { get; }

    /// <summary>Gets the 1-based line number of the bad row.</summary>
    public int Line { get; }

    /// <summary>Gets what is wrong, without the location.</summary>
    public string Problem { get; }
}
