using System.Globalization;

namespace ScaleSets.Simulation.Workloads;

/// <summary>
/// A regular series of offered load in requests per second, one value per step, that a simulation replays. Gaps in
/// the source are already filled (see <see cref="TraceWorkload"/>), so every value is finite and non-negative.
/// </summary>
public sealed class Workload
{
    private readonly double[] _requestsPerSecond;

    /// <summary>Creates a workload.</summary>
    /// <param name="name">A name for tables and reports (the file or synthetic workload name).</param>
    /// <param name="start">The time of the first step.</param>
    /// <param name="step">The length of one step.</param>
    /// <param name="requestsPerSecond">The offered load of each step in requests per second.</param>
    /// <exception cref="ArgumentException">The workload is empty, the step is not positive, or a value is negative or not finite.</exception>
    public Workload(string name, DateTimeOffset start, TimeSpan step, IReadOnlyList<double> requestsPerSecond)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(requestsPerSecond);
        if (step <= TimeSpan.Zero)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"workload '{name}': the step {step} is not positive"), nameof(step));
        }

        if (requestsPerSecond.Count == 0)
        {
            throw new ArgumentException($"workload '{name}': it has no steps", nameof(requestsPerSecond));
        }

        _requestsPerSecond = new double[requestsPerSecond.Count];
        for (var i = 0; i < _requestsPerSecond.Length; i++)
        {
            var value = requestsPerSecond[i];
            if (!double.IsFinite(value) || value < 0)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"workload '{name}': step {i} ({start + (step * i):yyyy-MM-ddTHH:mm:ssZ}) has the load {value}; loads must be finite and not negative"), nameof(requestsPerSecond));
            }

            _requestsPerSecond[i] = value;
        }

        Name = name;
        Start = start;
        Step = step;
    }

    /// <summary>Gets the workload's name.</summary>
    public string Name { get; }

    /// <summary>Gets the time of the first step.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>Gets the length of one step.</summary>
    public TimeSpan Step { get; }

    /// <summary>Gets the number of steps.</summary>
    public int Count => _requestsPerSecond.Length;

    /// <summary>Gets the offered load of each step in requests per second.</summary>
    public IReadOnlyList<double> RequestsPerSecond => _requestsPerSecond;

    /// <summary>Gets the highest load of any step, in requests per second.</summary>
    public double Peak => _requestsPerSecond.Max();

    /// <summary>Returns the time of step <paramref name="index"/>.</summary>
    /// <param name="index">The step.</param>
    /// <returns>Its start time.</returns>
    public DateTimeOffset TimeAt(int index) => Start + (Step * index);

    /// <summary>Returns the part of the workload from <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive).</summary>
    /// <param name="from">The first time kept, or <see langword="null"/> for the start.</param>
    /// <param name="to">The first time no longer kept, or <see langword="null"/> for the end.</param>
    /// <returns>The slice.</returns>
    /// <exception cref="ArgumentException">The slice holds no step.</exception>
    public Workload Slice(DateTimeOffset? from, DateTimeOffset? to)
    {
        var first = from is { } f ? (int)Math.Max(0, Math.Ceiling((f - Start) / Step)) : 0;
        var end = to is { } t ? (int)Math.Min(Count, Math.Ceiling((t - Start) / Step)) : Count;
        if (end <= first)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"workload '{Name}': no step lies between {from?.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) ?? "the start"} and {to?.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) ?? "the end"} (it runs from {Start:yyyy-MM-ddTHH:mm:ssZ} to {TimeAt(Count):yyyy-MM-ddTHH:mm:ssZ})"));
        }

        return new Workload(Name, TimeAt(first), Step, new ArraySegment<double>(_requestsPerSecond, first, end - first));
    }

    internal ReadOnlySpan<double> AsSpan() => _requestsPerSecond;
}
