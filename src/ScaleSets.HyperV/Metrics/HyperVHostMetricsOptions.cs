using ScaleSets.Sources;

namespace ScaleSets.HyperV.Metrics;

/// <summary>Which scale set's VMs a <see cref="HyperVHostMetricSource"/> measures, and how often.</summary>
public sealed class HyperVHostMetricsOptions
{
    /// <summary>Initializes a new instance of the <see cref="HyperVHostMetricsOptions"/> class.</summary>
    public HyperVHostMetricsOptions()
    {
        // PowerShell's start (about a second) and Get-Counter's one-second sample make a run take two seconds or more.
        Polling.Timeout = TimeSpan.FromSeconds(30);
    }

    /// <summary>Gets or sets the scale set whose VMs are measured (the VMs the provider's Notes say it owns).</summary>
    /// <value>The default is empty; required.</value>
    public string ScaleSetName { get; set; } = string.Empty;

    /// <summary>Gets or sets the source's name in events and explanations; <c>hyper-v &lt;scale set&gt;</c> when <see langword="null"/>.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? SourceName { get; set; }

    /// <summary>Gets or sets where the script is written out; a folder under the temporary folder when <see langword="null"/>.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? ScriptDirectory { get; set; }

    /// <summary>Gets the polling interval, the timeout of each run and the retries.</summary>
    /// <value>Every 15 s, a 30 s timeout, 2 retries from 1 s.</value>
    public PolledMetricSourceOptions Polling { get; } = new();

    internal string Name => string.IsNullOrWhiteSpace(SourceName) ? "hyper-v " + ScaleSetName : SourceName;

    /// <summary>Checks the options and returns every problem, each at its path; empty when they are valid.</summary>
    /// <param name="path">The prefix of every problem, for example <c>ScaleSets:web:Sources:1</c>.</param>
    /// <returns>The problems.</returns>
    public IReadOnlyList<string> Validate(string path = nameof(HyperVHostMetricsOptions))
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ScaleSetName))
        {
            problems.Add($"{path}:{nameof(ScaleSetName)} is required (the scale set whose VMs are measured).");
        }

        if (SourceName is not null && string.IsNullOrWhiteSpace(SourceName))
        {
            problems.Add($"{path}:{nameof(SourceName)} must not be empty (leave it out for 'hyper-v <scale set>').");
        }

        problems.AddRange(Polling.Validate($"{path}:{nameof(Polling)}"));
        return problems;
    }
}
