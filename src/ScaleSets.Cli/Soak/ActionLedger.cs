using System.Globalization;

namespace ScaleSets.Cli.Soak;

/// <summary>
/// Every provider and load balancer action of every activation, per scale set, to check that no set is acted on by two
/// activations: once a newer activation of a set has acted, an older one never acts again. Activations are numbered in
/// the order the silos built their backends (once per activation). Thread-safe: silos call it from their own threads.
/// </summary>
internal sealed class ActionLedger
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _newestActor = new(StringComparer.Ordinal);
    private readonly List<string> _violations = [];
    private int _activations;
    private long _actions;

    /// <summary>Gets the number of actions recorded.</summary>
    public long Actions => Interlocked.Read(ref _actions);

    /// <summary>Gets the number of activations that built a backend.</summary>
    public int Activations => Volatile.Read(ref _activations);

    /// <summary>Numbers a new activation.</summary>
    public int NewActivation() => Interlocked.Increment(ref _activations);

    /// <summary>Records that <paramref name="activation"/> starts <paramref name="action"/> on <paramref name="scaleSet"/>.</summary>
    public void Record(string scaleSet, int activation, string action)
    {
        Interlocked.Increment(ref _actions);
        lock (_gate)
        {
            var newest = _newestActor.GetValueOrDefault(scaleSet);
            if (activation < newest)
            {
                _violations.Add(string.Create(CultureInfo.InvariantCulture, $"{scaleSet}: activation {activation} sent {action} after activation {newest} had acted"));
            }
            else
            {
                _newestActor[scaleSet] = activation;
            }
        }
    }

    /// <summary>Takes the violations recorded since the last call.</summary>
    public IReadOnlyList<string> TakeViolations()
    {
        lock (_gate)
        {
            var taken = _violations.ToList();
            _violations.Clear();
            return taken;
        }
    }
}
