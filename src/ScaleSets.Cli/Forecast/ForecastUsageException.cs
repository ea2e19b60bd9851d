namespace ScaleSets.Cli.Forecast;

/// <summary>A user-facing error of <c>scalesets forecast</c>: printed as one line, exit code 1, no stack trace.</summary>
internal sealed class ForecastUsageException : Exception
{
    public ForecastUsageException()
        : base("invalid arguments")
    {
    }

    public ForecastUsageException(string message)
        : base(message)
    {
    }

    public ForecastUsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
