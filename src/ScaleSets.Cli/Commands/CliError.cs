namespace ScaleSets.Cli.Commands;

/// <summary>A user-facing error: printed as one line on standard error, with a non-zero exit code and no stack trace.</summary>
internal sealed class CliError(string message) : Exception(message)
{
    public CliError()
        : this("error")
    {
    }

    public CliError(string message, Exception inner)
        : this(message + ": " + inner.Message)
    {
    }

    public static int Report(TextWriter error, string message)
    {
        error.WriteLine($"scalesets: {message}");
        return 1;
    }
}
