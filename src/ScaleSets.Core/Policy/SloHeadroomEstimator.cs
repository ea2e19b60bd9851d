using ScaleSets.Model;
using ScaleSets.State;

namespace ScaleSets.Policy;

/// <summary>
/// Sizes the capacity of one target-tracking rule with an <see cref="SloObjective"/>: the load seen now times a headroom
/// learned online, so that the ready capacity carries the load in <see cref="SloObjective.Attainment"/> of the evaluations.
/// </summary>
/// <remarks>
/// <para>Three things, each from the set's own history or the user's objective, nothing fitted offline:</para>
/// <list type="number">
/// <item>The rise: capacity asked for at t serves from t + P (P the provisioning time), so what it must cover is the load
/// at t + P. Every evaluation therefore waits P and records <c>ln(load at t + P / load at t)</c> (loads under one
/// instance's target value counted as one instance's) in a <see cref="RiseHistogram"/>, per octave of the load. The
/// upper quantile of the rises at the load's octave (the rises of the hold in use, below) is the headroom factor (at
/// least 1: never less than the load seen now).</item>
/// <item>The hold: the capacity returned is the highest asked for within the hold H, at least P. Capacity asked for at
/// s ∈ [t − H, t − P] is then still asked for at t and ready, whatever the answers in between: a step is missed only when
/// the load at t exceeds the highest of those asks. H is learned online by <see cref="SloHoldReplay"/>: each candidate
/// of 1, 2, 4, … 64 provisioning times learns the rises of the load over the highest load it keeps ready (for H = P, the
/// rise within one provisioning time above), and the rule uses the one that would have kept the least capacity at the
/// same quantile: short for a load that follows a slow season, hours for one whose bursts come without warning. This is
/// scale-in held back by the time it takes to get capacity back, or longer when that is cheaper.</item>
/// <item>The feedback: the estimator counts its own misses, evaluations at which the instances it takes to be ready (the
/// fewest the set had within the last P: an instance present throughout that long has booted) did not carry the load,
/// and moves the quantile's tail as an integral controller: each hit widens the tail (releases headroom) by a factor
/// <c>e^(1/N)</c>, each miss narrows it by <c>e^(−(1 − r) / (r N))</c>, so the tail stands still when the miss rate is
/// r. N = 20 / (1 − target) evaluations is the memory (the rises and the attainment forget at the same pace), about
/// twenty budgeted misses: enough for a miss count to mean something (±22%, one standard deviation of a Poisson count of
/// 20), short enough to follow a load that changes; a higher target remembers longer, as it must to see its rarer
/// misses. r is the target's miss rate less that one standard deviation, <c>(1 − target)(1 − 1/√20)</c>, so the
/// attainment over a memory falls under the target about one time in six rather than one in two. The tail stays
/// between <c>1/N</c> and the median.</item>
/// </list>
/// Not thread-safe: the scale set's autoscaler evaluates under its lock.
/// </remarks>
internal sealed class SloHeadroomEstimator
{
    /// <summary>How many misses the target allows over the memory of the estimator (sets how fast it forgets).</summary>
    public const double RememberedBudget = 20;

    private readonly double _target;
    private readonly long _provisioningTicks;
    private readonly double _retention;
    private readonly SloHoldReplay _holds;
    private readonly List<(long Ticks, double Base)> _pending = [];
    private readonly List<(long Ticks, int Capacity)> _capacityMinima = [];
    private readonly List<(long Ticks, int Capacity)> _proposalMaxima = [];
    private int _pendingHead;
    private int _maximaHead;
    private int _minimaHead;
    private double _evaluations;
    private double _misses;
    private double _logTail;
    private readonly double _aimedMissRate;
    private readonly TimeSpan _provisioningTime;
    private long _lastTicks = long.MinValue;

    /// <summary>Initializes an estimator for <paramref name="objective"/>.</summary>
    /// <param name="objective">The attainment target and provisioning time (validated by the setting's validator).</param>
    public SloHeadroomEstimator(SloObjective objective)
    {
        ArgumentNullException.ThrowIfNull(objective);
        if (!(objective.Attainment >= 0.5 && objective.Attainment < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(objective), objective.Attainment, "The attainment target must be at least 0.5 and less than 1.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(objective.ProvisioningTime, TimeSpan.Zero, nameof(objective));
        _target = objective.Attainment;
        _provisioningTime = objective.ProvisioningTime;
        _provisioningTicks = objective.ProvisioningTime.Ticks;
        _retention = 1 - ((1 - _target) / RememberedBudget);
        _holds = new SloHoldReplay(objective.ProvisioningTime, _retention);
        _logTail = Math.Log(1 - _target);
        _aimedMissRate = (1 - _target) * (1 - (1 / Math.Sqrt(RememberedBudget)));
        Last = new SloHeadroom(SloHeadroomSource.Learning, _target, 1, 0, 0, _target, 1, 0, 0, 0);
    }

    /// <summary>Gets the headroom of the latest <see cref="Desired"/>.</summary>
    public SloHeadroom Last { get; private set; }

    /// <summary>
    /// Learns from the load and capacity seen now (once per evaluation time) and returns the capacity the objective asks for.
    /// </summary>
    /// <param name="now">The evaluation time.</param>
    /// <param name="load">The metric's total now, in the unit of <paramref name="perInstance"/>.</param>
    /// <param name="current">The set's current capacity (ready or not).</param>
    /// <param name="perInstance">What one instance carries within the objective (the rule's target value).</param>
    /// <returns>The capacity, 0 or more.</returns>
    public int Desired(DateTimeOffset now, double load, int current, double perInstance)
    {
        load = double.IsFinite(load) && load > 0 ? load : 0;
        var ticks = now.UtcTicks;
        var ready = ReadyEstimate(ticks, current);
        if (ticks > _lastTicks)
        {
            _lastTicks = ticks;
            Learn(ticks, load, perInstance);
            _evaluations = (_evaluations * _retention) + 1;
            _misses *= _retention;
            var missed = ready * perInstance < load * (1 - 1e-9);
            if (missed)
            {
                _misses += 1;
            }

            // Integral feedback on the tail: a hit widens it by 1/N, a miss narrows it by (target / (1 − target)) / N, so
            // it stands still when the misses are at their budget.
            _logTail += (missed ? -(1 - _aimedMissRate) / _aimedMissRate : 1) * (1 - _retention);
            _logTail = Math.Clamp(_logTail, Math.Log(1 - _retention), Math.Log(0.5));
            _holds.Learn(ticks, Math.Max(load, perInstance), RecentMax(), perInstance, Math.Exp(_logTail));
        }

        var budget = (1 - _target) * _evaluations;
        var tail = Math.Exp(_logTail);
        var quantile = 1 - tail;
        var level = RiseHistogram.LevelOf(Math.Max(load, perInstance) / perInstance);
        var factor = _holds.Factor(level, tail);
        var source = _holds.Count == 0 ? SloHeadroomSource.Learning
            : quantile > _target + 1e-12 ? SloHeadroomSource.RaisedByFeedback
            : quantile < _target - 1e-12 ? SloHeadroomSource.ReleasedByFeedback
            : SloHeadroomSource.RiseQuantile;
        var attainment = _evaluations > 0 ? 1 - (_misses / _evaluations) : 1;
        Last = new SloHeadroom(source, _target, attainment, _misses, budget, quantile, factor, load, ready, _holds.Count) { Hold = TimeSpan.FromTicks(_holds.HoldTicks(_holds.Chosen)) };
        var needed = Math.Ceiling((load * factor / perInstance) - 1e-9);
        return Hold(ticks, needed <= 0 ? 0 : needed >= int.MaxValue / 2 ? int.MaxValue / 2 : (int)needed);
    }

    /// <summary>
    /// Records the capacity asked for now and returns the most asked for within the last provisioning time: capacity
    /// asked for at any moment of it serves by its end only if no later, lower answer removed it in between.
    /// </summary>
    private int Hold(long ticks, int needed)
    {
        // A deque of proposals falling from its head: the head is the maximum of the window.
        while (_proposalMaxima.Count > _maximaHead && _proposalMaxima[^1].Capacity <= needed)
        {
            _proposalMaxima.RemoveAt(_proposalMaxima.Count - 1);
        }

        _proposalMaxima.Add((ticks, needed));
        while (_proposalMaxima[_maximaHead].Ticks < ticks - _holds.HoldTicks(SloHoldReplay.Candidates - 1))
        {
            _maximaHead++;
        }

        Compact(_proposalMaxima, ref _maximaHead);
        var start = ticks - _holds.HoldTicks(_holds.Chosen);
        for (var i = _maximaHead; ; i++)
        {
            if (_proposalMaxima[i].Ticks >= start)
            {
                return _proposalMaxima[i].Capacity;
            }
        }
    }

    /// <summary>Records the capacity now and returns the fewest instances the set had within the last provisioning time.</summary>
    private int ReadyEstimate(long ticks, int current)
    {
        // A deque of capacities rising from its head: the head is the minimum of the window.
        while (_capacityMinima.Count > _minimaHead && _capacityMinima[^1].Capacity >= current)
        {
            _capacityMinima.RemoveAt(_capacityMinima.Count - 1);
        }

        _capacityMinima.Add((ticks, current));
        while (_capacityMinima[_minimaHead].Ticks < ticks - _provisioningTicks)
        {
            _minimaHead++;
        }

        Compact(_capacityMinima, ref _minimaHead);
        return _capacityMinima[_minimaHead].Capacity;
    }

    /// <summary>Raises the highest load seen by the evaluations still waiting, records the rise of those a provisioning time old, and starts waiting for now's.</summary>
    private void Learn(long ticks, double load, double perInstance)
    {
        var floor = perInstance;
        while (_pendingHead < _pending.Count && _pending[_pendingHead].Ticks + _provisioningTicks <= ticks)
        {
            var entry = _pending[_pendingHead++];
            _holds.Mature(entry.Ticks, entry.Base);
        }

        Compact(_pending, ref _pendingHead);
        _pending.Add((ticks, Math.Max(load, floor)));
    }

    /// <summary>Captures what the rule has learned, for a snapshot (the explanation of the last evaluation is not kept: the next evaluation makes its own).</summary>
    /// <returns>The snapshot.</returns>
    public SloHeadroomSnapshot Capture()
    {
        var (levels, count, increment, holds, matured, kept) = _holds.Capture();
        return new SloHeadroomSnapshot
        {
            Attainment = _target,
            ProvisioningTime = _provisioningTime,
            Last = _lastTicks == long.MinValue ? null : new DateTimeOffset(_lastTicks, TimeSpan.Zero),
            Evaluations = _evaluations,
            Misses = _misses,
            LogTail = _logTail,
            RiseCount = count,
            RiseIncrement = increment,
            Rises = levels,
            Pending = [.. Live(_pending, _pendingHead).Select(static p => new TimedValue(new DateTimeOffset(p.Ticks, TimeSpan.Zero), p.Base))],
            Asked = [.. Live(_proposalMaxima, _maximaHead).Select(static p => new TimedCount(new DateTimeOffset(p.Ticks, TimeSpan.Zero), p.Capacity))],
            Capacity = [.. Live(_capacityMinima, _minimaHead).Select(static p => new TimedCount(new DateTimeOffset(p.Ticks, TimeSpan.Zero), p.Capacity))],
            Matured = matured,
            Holds = holds,
            Kept = kept,
        };
    }

    /// <summary>
    /// Replaces what the rule has learned with a snapshot's; returns false (and changes nothing) when the snapshot was
    /// taken for another objective (rises within another provisioning time, a tail for another target) or is not one
    /// this type could have written.
    /// </summary>
    /// <param name="snapshot">The snapshot.</param>
    /// <returns>Whether the snapshot was taken.</returns>
    public bool Restore(SloHeadroomSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Attainment != _target || snapshot.ProvisioningTime != _provisioningTime
            || !(snapshot.Evaluations >= 0 && double.IsFinite(snapshot.Evaluations)) || !(snapshot.Misses >= 0 && double.IsFinite(snapshot.Misses))
            || !double.IsFinite(snapshot.LogTail) || snapshot.Pending is null || snapshot.Asked is null || snapshot.Capacity is null
            || snapshot.Pending.Any(static p => !(p.Value > 0 && double.IsFinite(p.Value))))
        {
            return false;
        }

        // The candidate holds check the whole snapshot before they change anything, and they are the last check: on false
        // nothing here has changed either.
        if (!_holds.Restore(snapshot))
        {
            return false;
        }

        _lastTicks = snapshot.Last?.UtcTicks ?? long.MinValue;
        _evaluations = snapshot.Evaluations;
        _misses = snapshot.Misses;
        _logTail = Math.Clamp(snapshot.LogTail, Math.Log(1 - _retention), Math.Log(0.5));
        Refill(_pending, ref _pendingHead, snapshot.Pending.Select(static p => (p.Time.UtcTicks, p.Value)));
        Refill(_proposalMaxima, ref _maximaHead, snapshot.Asked.Select(static p => (p.Time.UtcTicks, p.Count)));
        Refill(_capacityMinima, ref _minimaHead, snapshot.Capacity.Select(static p => (p.Time.UtcTicks, p.Count)));
        return true;
    }

    /// <summary>The highest load of the evaluations still waiting a provisioning time (now's included).</summary>
    private double RecentMax()
    {
        var max = 0.0;
        for (var i = _pendingHead; i < _pending.Count; i++)
        {
            max = Math.Max(max, _pending[i].Base);
        }

        return max;
    }

    private static IEnumerable<T> Live<T>(List<T> list, int head) => list.Skip(head);

    private static void Refill<T>(List<T> list, ref int head, IEnumerable<T> items)
    {
        list.Clear();
        list.AddRange(items);
        head = 0;
    }

    private static void Compact<T>(List<T> list, ref int head)
    {
        if (head > 64 && head * 2 > list.Count)
        {
            list.RemoveRange(0, head);
            head = 0;
        }
    }
}
