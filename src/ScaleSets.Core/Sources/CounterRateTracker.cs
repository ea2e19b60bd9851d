namespace ScaleSets.Sources;

/// <summary>
/// Turns cumulative counters (HAProxy's <c>req_tot</c>, a meter's request counter, a VM's bytes sent) into rates per
/// second, one counter per key, and stays correct across a counter reset: when a counter is lower than before (the process
/// restarted or reloaded), the increase is taken to be its new value, counted from zero, as Prometheus' <c>rate()</c>
/// does. A rate is therefore never negative, and never larger than the true rate over the interval.
/// </summary>
/// <remarks>Not thread-safe: one poller owns one tracker.</remarks>
public sealed class CounterRateTracker
{
    private readonly Dictionary<string, (double Total, DateTimeOffset At)> _last;

    /// <summary>Initializes a new instance of the <see cref="CounterRateTracker"/> class.</summary>
    /// <param name="comparer">Compares keys; ordinal when <see langword="null"/>.</param>
    public CounterRateTracker(IEqualityComparer<string>? comparer = null) => _last = new(comparer ?? StringComparer.Ordinal);

    /// <summary>Gets the number of counters remembered.</summary>
    public int Count => _last.Count;

    /// <summary>Records a counter's total and returns its rate since the previous total of the same key.</summary>
    /// <param name="key">The counter's key, for example <c>web/web-3/req_tot</c>.</param>
    /// <param name="total">The counter's cumulative total; must be finite and 0 or more.</param>
    /// <param name="at">When the total was read.</param>
    /// <param name="ratePerSecond">The rate per second, when there is one.</param>
    /// <param name="reset">Whether the counter was lower than before (it restarted from zero).</param>
    /// <returns>
    /// <see langword="true"/> when a rate is known; <see langword="false"/> at the first total of a key, when no time passed
    /// since the previous one (or time went back), or when <paramref name="total"/> is negative or not finite (the key's
    /// previous total is then kept).
    /// </returns>
    public bool TryGetRate(string key, double total, DateTimeOffset at, out double ratePerSecond, out bool reset)
    {
        ArgumentNullException.ThrowIfNull(key);
        ratePerSecond = 0;
        reset = false;
        if (!double.IsFinite(total) || total < 0)
        {
            return false;
        }

        if (!_last.TryGetValue(key, out var previous))
        {
            _last[key] = (total, at);
            return false;
        }

        var seconds = (at - previous.At).TotalSeconds;
        if (seconds <= 0)
        {
            if (seconds < 0)
            {
                _last[key] = (total, at);
            }

            return false;
        }

        _last[key] = (total, at);
        reset = total < previous.Total;
        var increase = reset ? total : total - previous.Total;
        ratePerSecond = increase / seconds;
        return true;
    }

    /// <summary>Forgets every counter whose key is not in <paramref name="keep"/> (servers removed from a backend, say).</summary>
    /// <param name="keep">Whether to keep a key.</param>
    public void Retain(Func<string, bool> keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        List<string>? drop = null;
        foreach (var key in _last.Keys)
        {
            if (!keep(key))
            {
                (drop ??= []).Add(key);
            }
        }

        if (drop is not null)
        {
            foreach (var key in drop)
            {
                _last.Remove(key);
            }
        }
    }
}
