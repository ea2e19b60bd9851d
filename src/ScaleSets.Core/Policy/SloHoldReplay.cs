using ScaleSets.State;

namespace ScaleSets.Policy;

/// <summary>
/// Learns how long a rule with an SLO objective holds the capacity it asked for: candidate holds of 1, 2, 4, … 64
/// provisioning times, each with the rises of the load over what it holds, and the capacity each would have kept.
/// </summary>
/// <remarks>
/// <para>Capacity asked for at s is ready from s + P (P the provisioning time) and, held for H, stays until s + H, so at t
/// the ready, held capacity covers every ask of <c>[t − H, t − P]</c>. The load it must carry is therefore the load at t
/// over the highest load of that window (its <i>base</i>); with H = P the window is the one evaluation a provisioning
/// time old, the rise within one provisioning time. Each candidate learns its own rises (in a
/// <see cref="RiseHistogram"/> per octave of the base), so at the same quantile every candidate misses about as often,
/// and what sets them apart is the capacity they keep: the highest load of <c>[t − H, t]</c> times the candidate's
/// quantile, summed over the evaluations with the estimator's forgetting. The rule uses the candidate that kept the
/// least. A load whose bursts come and go without warning (a count every five minutes) has rises of many times the
/// load from its troughs, and a hold of hours keeps less than a short hold times those rises; a load that follows a
/// slow season (the day's traffic) has small rises, and a long hold would keep the peak into the night.</para>
/// <para>Nothing here is fitted: the candidates are multiples of the provisioning time, the forgetting is the
/// estimator's. Not thread-safe: the estimator's caller serializes.</para>
/// </remarks>
internal sealed class SloHoldReplay
{
    /// <summary>The number of candidate holds: 1, 2, 4, … 64 provisioning times.</summary>
    public const int Candidates = 7;

    private readonly long _provisioningTicks;
    private readonly double _retention;
    private readonly RiseHistogram[] _rises;
    private readonly double[] _kept = new double[Candidates];
    private readonly List<(long Ticks, double Load)> _matured = [];
    private int _maturedHead;

    /// <summary>Initializes candidates for a provisioning time and a forgetting.</summary>
    /// <param name="provisioningTime">The provisioning time, above zero.</param>
    /// <param name="retention">What each observation keeps of its weight per later one (the estimator's).</param>
    public SloHoldReplay(TimeSpan provisioningTime, double retention)
    {
        _provisioningTicks = provisioningTime.Ticks;
        _retention = retention;
        _rises = new RiseHistogram[Candidates];
        for (var k = 0; k < Candidates; k++)
        {
            _rises[k] = new RiseHistogram(retention);
        }
    }

    /// <summary>Gets the candidate in use (0 for one provisioning time).</summary>
    public int Chosen { get; private set; }

    /// <summary>Gets how many rises the candidates learned each.</summary>
    public long Count => _rises[0].Count;

    /// <summary>Returns how long candidate <paramref name="k"/> holds: <c>2^k</c> provisioning times.</summary>
    /// <param name="k">The candidate.</param>
    /// <returns>Its hold, in ticks.</returns>
    public long HoldTicks(int k) => _provisioningTicks << k;

    /// <summary>Records the load of an evaluation that is now a provisioning time old (oldest first).</summary>
    /// <param name="ticks">When that evaluation was.</param>
    /// <param name="load">Its load, floored at one instance's.</param>
    public void Mature(long ticks, double load)
    {
        // Falling maxima: the first entry at or after a window's start is the window's highest.
        while (_matured.Count > _maturedHead && _matured[^1].Load <= load)
        {
            _matured.RemoveAt(_matured.Count - 1);
        }

        _matured.Add((ticks, load));
    }

    /// <summary>
    /// Learns each candidate's rise to the load now, then adds what each would keep now and chooses the one that kept
    /// the least.
    /// </summary>
    /// <param name="ticks">The evaluation time.</param>
    /// <param name="load">The load now, floored at one instance's.</param>
    /// <param name="recent">The highest load of the evaluations younger than a provisioning time, now's included.</param>
    /// <param name="perInstance">What one instance carries.</param>
    /// <param name="tail">The quantile's tail the feedback has set.</param>
    public void Learn(long ticks, double load, double recent, double perInstance, double tail)
    {
        if (_matured.Count == _maturedHead)
        {
            return;
        }

        for (var k = 0; k < Candidates; k++)
        {
            var baseLoad = Base(ticks, k);
            _rises[k].Add(RiseHistogram.LevelOf(baseLoad / perInstance), Math.Log(load / baseLoad));
        }

        var best = 0;
        for (var k = 0; k < Candidates; k++)
        {
            var held = Math.Max(Base(ticks, k), recent) / perInstance;
            var factor = Math.Max(1, _rises[k].UpperQuantile(RiseHistogram.LevelOf(held), tail, out _, out _));
            _kept[k] = (_kept[k] * _retention) + (held * factor);
            if (_kept[k] < _kept[best])
            {
                best = k;
            }
        }

        Chosen = best;
        while (_maturedHead < _matured.Count - 1 && _matured[_maturedHead].Ticks < ticks - HoldTicks(Candidates - 1))
        {
            _maturedHead++;
        }

        if (_maturedHead > 64 && _maturedHead * 2 > _matured.Count)
        {
            _matured.RemoveRange(0, _maturedHead);
            _maturedHead = 0;
        }
    }

    /// <summary>Returns the chosen candidate's headroom for a load at <paramref name="level"/>: its rise quantile, at least 1.</summary>
    /// <param name="level">The level of the load now.</param>
    /// <param name="tail">The quantile's tail.</param>
    /// <returns>The factor.</returns>
    public double Factor(int level, double tail) =>
        _rises[Chosen].Count == 0 ? 1 : Math.Max(1, _rises[Chosen].UpperQuantile(level, tail, out _, out _));

    /// <summary>Captures what the candidates learned: the shortest hold's rises, the longer holds', the matured loads and what each kept.</summary>
    /// <returns>The parts of the estimator's snapshot.</returns>
    public (RiseLevelSnapshot[] Levels, long Count, double Increment, SloHoldSnapshot[] Holds, TimedValue[] Matured, double[] Kept) Capture()
    {
        var (levels, count, increment) = _rises[0].Capture();
        var holds = new SloHoldSnapshot[Candidates - 1];
        for (var k = 1; k < Candidates; k++)
        {
            var (l, c, i) = _rises[k].Capture();
            holds[k - 1] = new SloHoldSnapshot { Hold = TimeSpan.FromTicks(HoldTicks(k)), RiseCount = c, RiseIncrement = i, Rises = l };
        }

        var matured = _matured.Skip(_maturedHead).Select(static m => new TimedValue(new DateTimeOffset(m.Ticks, TimeSpan.Zero), m.Load)).ToArray();
        return ([.. levels], count, increment, holds, matured, [.. _kept]);
    }

    /// <summary>
    /// Replaces what the candidates learned with a snapshot's; returns false (and changes nothing) when a part is not one
    /// this type could have written. A snapshot without the longer holds (written before they were learned) restores
    /// the shortest's rises and starts the others again.
    /// </summary>
    /// <param name="snapshot">The estimator's snapshot.</param>
    /// <returns>Whether it was taken.</returns>
    public bool Restore(SloHeadroomSnapshot snapshot)
    {
        var holds = snapshot.Holds ?? [];
        var kept = snapshot.Kept ?? [];
        var matured = snapshot.Matured ?? [];
        var withHolds = holds.Count > 0 || kept.Count > 0;
        if ((withHolds && (holds.Count != Candidates - 1 || kept.Count != Candidates))
            || kept.Any(static c => !(c >= 0 && double.IsFinite(c)))
            || matured.Any(static m => !(m.Value > 0 && double.IsFinite(m.Value))))
        {
            return false;
        }

        var rises = new RiseHistogram[Candidates];
        for (var k = 0; k < Candidates; k++)
        {
            rises[k] = new RiseHistogram(_retention);
            var hold = k == 0 ? null : holds.Count == 0 ? null : holds[k - 1];
            if (k > 0 && hold is not null && hold.Hold.Ticks != HoldTicks(k))
            {
                return false;
            }

            var ok = k == 0 ? rises[k].Restore(snapshot.Rises ?? [], snapshot.RiseCount, snapshot.RiseIncrement)
                : hold is null || rises[k].Restore(hold.Rises ?? [], hold.RiseCount, hold.RiseIncrement);
            if (!ok)
            {
                return false;
            }
        }

        rises.CopyTo(_rises, 0);
        for (var k = 0; k < Candidates; k++)
        {
            _kept[k] = withHolds ? kept[k] : 0;
        }

        _matured.Clear();
        _matured.AddRange(matured.Select(static m => (m.Time.UtcTicks, m.Value)));
        _maturedHead = 0;
        Chosen = 0;
        for (var k = 1; k < Candidates; k++)
        {
            if (_kept[k] < _kept[Chosen])
            {
                Chosen = k;
            }
        }

        return true;
    }

    /// <summary>The highest matured load within candidate <paramref name="k"/>'s hold, or the latest matured one.</summary>
    private double Base(long ticks, int k)
    {
        var start = ticks - HoldTicks(k);
        for (var i = _maturedHead; i < _matured.Count; i++)
        {
            if (_matured[i].Ticks >= start)
            {
                return _matured[i].Load;
            }
        }

        return _matured[^1].Load;
    }
}
