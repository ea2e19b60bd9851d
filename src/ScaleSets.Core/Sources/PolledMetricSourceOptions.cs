namespace ScaleSets.Sources;

/// <summary>How often and how patiently a <see cref="PolledMetricSource"/> polls.</summary>
public sealed class PolledMetricSourceOptions
{
    /// <summary>Gets or sets the time between polls; polls run on multiples of it (on the quarter minute by default).</summary>
    /// <value>The default is 15 seconds. Must be positive.</value>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Gets or sets how long one attempt of a poll may take before it is cancelled and counted as failed.</summary>
    /// <value>The default is 10 seconds. Must be positive.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets how many times a failed attempt is retried within one poll.</summary>
    /// <value>The default is 2. Must be 0 or more.</value>
    public int MaxRetryAttempts { get; set; } = 2;

    /// <summary>Gets or sets the delay before the first retry; each later retry waits twice as long as the one before.</summary>
    /// <value>The default is 1 second. Must be positive.</value>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Checks the options and returns every problem, each naming the option; empty when they are valid.</summary>
    /// <param name="path">Where the options come from, used as the prefix of every problem (for example <c>ScaleSets:web:Sources:0</c>).</param>
    /// <returns>The problems.</returns>
    public IReadOnlyList<string> Validate(string path = nameof(PolledMetricSourceOptions))
    {
        var problems = new List<string>();
        if (Interval <= TimeSpan.Zero)
        {
            problems.Add($"{path}:{nameof(Interval)} must be positive (was {Interval}).");
        }

        if (Timeout <= TimeSpan.Zero)
        {
            problems.Add($"{path}:{nameof(Timeout)} must be positive (was {Timeout}).");
        }

        if (MaxRetryAttempts < 0)
        {
            problems.Add($"{path}:{nameof(MaxRetryAttempts)} must be 0 or more (was {MaxRetryAttempts}).");
        }

        if (RetryDelay <= TimeSpan.Zero)
        {
            problems.Add($"{path}:{nameof(RetryDelay)} must be positive (was {RetryDelay}).");
        }

        return problems;
    }
}
