using ScaleSets.Model;
using ScaleSets.Rules;
using ScaleSets.State;

namespace ScaleSets.Policy;

/// <summary>
/// Chooses the scale-down stabilization window of one target-tracking rule whose scale-down behavior has a
/// <see cref="ScalingBehavior.ProvisioningTime"/>: every evaluation replays the rule's recommendations through
/// <see cref="CandidateCount"/> windows evenly spaced from zero to the behavior's
/// <see cref="ScalingBehavior.StabilizationWindow"/>, each driving its own replayed capacity (instances added serve
/// after the provisioning time, instances removed stop at once, booting ones are removed first), scores every replay
/// against the recommendations with the autoscaling deviation, and returns the window whose replay stayed closest.
/// </summary>
/// <remarks>
/// Why: the best window depends on the signal, not on the service. A noisy metric reported every evaluation wants a
/// window of about half the provisioning time, so supply does not follow every dip (an instance removed in a dip is
/// missing for a whole provisioning time when the load returns); a metric that changes in steps (published every
/// five minutes, say) wants none, since any window only delays each scale-in. The recommendation of a target rule is
/// the capacity the metric asks for, so it serves as the demand the replays are scored against. Scores decay with a
/// <see cref="HalfLife"/> so the choice follows a workload whose character changes. Rate policies, cooldowns and the
/// flapping guard are not replayed: they act the same on every candidate. Allocation-free after the first
/// evaluations: each replay keeps its booting batches in a reused list.
/// </remarks>
internal sealed class AdaptiveStabilizer
{
    /// <summary>How many windows are compared: zero, the longest, and seven evenly between.</summary>
    public const int CandidateCount = 9;

    /// <summary>How fast old evaluations stop counting in the scores.</summary>
    public static readonly TimeSpan HalfLife = TimeSpan.FromHours(6);

    private readonly TimeSpan[] _windows = new TimeSpan[CandidateCount];
    private readonly long _provisioningTicks;
    private readonly int[] _ready = new int[CandidateCount];
    private readonly int[] _served = new int[CandidateCount];
    private readonly List<(long ReadyAt, int Count)>[] _booting = new List<(long ReadyAt, int Count)>[CandidateCount];
    private readonly double[] _under = new double[CandidateCount];
    private readonly double[] _over = new double[CandidateCount];
    private readonly double[] _underGap = new double[CandidateCount];
    private readonly double[] _overGap = new double[CandidateCount];
    private DateTimeOffset? _last;

    public AdaptiveStabilizer(TimeSpan longestWindow, TimeSpan provisioningTime)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(longestWindow, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(provisioningTime, TimeSpan.Zero);
        _provisioningTicks = provisioningTime.Ticks;
        for (var i = 0; i < CandidateCount; i++)
        {
            _windows[i] = TimeSpan.FromTicks(longestWindow.Ticks * i / (CandidateCount - 1));
            _booting[i] = [];
        }
    }

    /// <summary>Gets the windows compared, shortest first.</summary>
    public ReadOnlySpan<TimeSpan> Windows => _windows;

    /// <summary>Gets the window chosen by the latest <see cref="Choose"/>, or zero before the first.</summary>
    public TimeSpan Window { get; private set; }

    /// <summary>Returns candidate <paramref name="index"/>'s score: its replay's squared autoscaling deviation, up to a factor common to all candidates.</summary>
    public double Score(int index) =>
        (_under[index] * _under[index]) + (_over[index] * _over[index]) + (_underGap[index] * _underGap[index]) + (_overGap[index] * _overGap[index]);

    /// <summary>
    /// Scores every replay's supply since the previous evaluation against <paramref name="recommendation"/>, lets each
    /// replay decide with its window, and returns the window of the best replay (the shorter one on a tie). Call it
    /// before the recommendation is recorded in <paramref name="history"/>.
    /// </summary>
    /// <param name="now">The evaluation time.</param>
    /// <param name="recommendation">The rule's raw recommendation now.</param>
    /// <param name="history">The rule's earlier recommendations.</param>
    /// <param name="upWindow">The rule's scale-up stabilization window, which every replay also applies.</param>
    /// <param name="minimum">The profile's minimum capacity.</param>
    /// <param name="maximum">The profile's maximum capacity.</param>
    /// <returns>The scale-down stabilization window to use now.</returns>
    public TimeSpan Choose(DateTimeOffset now, int recommendation, TargetTrackingState history, TimeSpan upWindow, int minimum, int maximum)
    {
        var demand = Math.Clamp(recommendation, minimum, Math.Max(minimum, maximum));
        if (_last is not { } last)
        {
            for (var i = 0; i < CandidateCount; i++)
            {
                _ready[i] = demand;
                _served[i] = demand;
            }
        }
        else if (now > last)
        {
            var decay = Math.Pow(0.5, (now - last) / HalfLife);
            var denominator = Math.Max(demand, 1);
            for (var i = 0; i < CandidateCount; i++)
            {
                _under[i] *= decay;
                _over[i] *= decay;
                _underGap[i] *= decay;
                _overGap[i] *= decay;
                var served = _served[i];
                if (served < demand)
                {
                    _under[i] += 1;
                    _underGap[i] += (double)(demand - served) / denominator;
                }
                else if (served > demand)
                {
                    _over[i] += 1;
                    _overGap[i] += (double)(served - demand) / denominator;
                }
            }
        }

        _last = now;
        var best = 0;
        for (var i = 0; i < CandidateCount; i++)
        {
            Replay(i, now, demand, history, upWindow, minimum, maximum);
            if (Score(i) < Score(best))
            {
                best = i;
            }
        }

        Window = _windows[best];
        return Window;
    }

    /// <summary>Captures the replays and scores, for a snapshot.</summary>
    internal AdaptiveStabilizerSnapshot Capture() => new()
    {
        Last = _last,
        Window = Window,
        Ready = [.. _ready],
        Served = [.. _served],
        Booting = [.. _booting.Select(static b => (IReadOnlyList<TimedCount>)[.. b.Select(static x => new TimedCount(new DateTimeOffset(x.ReadyAt, TimeSpan.Zero), x.Count))])],
        Under = [.. _under],
        Over = [.. _over],
        UnderGap = [.. _underGap],
        OverGap = [.. _overGap],
    };

    /// <summary>Replaces the replays and scores with a snapshot's; returns false (and changes nothing) when it does not have one entry per candidate.</summary>
    internal bool Restore(AdaptiveStabilizerSnapshot snapshot)
    {
        if (snapshot.Ready?.Count != CandidateCount || snapshot.Served?.Count != CandidateCount || snapshot.Booting?.Count != CandidateCount
            || snapshot.Under?.Count != CandidateCount || snapshot.Over?.Count != CandidateCount
            || snapshot.UnderGap?.Count != CandidateCount || snapshot.OverGap?.Count != CandidateCount)
        {
            return false;
        }

        _last = snapshot.Last;
        Window = snapshot.Window;
        for (var i = 0; i < CandidateCount; i++)
        {
            _ready[i] = snapshot.Ready[i];
            _served[i] = snapshot.Served[i];
            _under[i] = snapshot.Under[i];
            _over[i] = snapshot.Over[i];
            _underGap[i] = snapshot.UnderGap[i];
            _overGap[i] = snapshot.OverGap[i];
            _booting[i].Clear();
            foreach (var (readyAt, count) in snapshot.Booting[i] ?? [])
            {
                _booting[i].Add((readyAt.UtcTicks, count));
            }
        }

        return true;
    }

    private void Replay(int i, DateTimeOffset now, int recommendation, TargetTrackingState history, TimeSpan upWindow, int minimum, int maximum)
    {
        var booting = _booting[i];
        var nowTicks = now.UtcTicks;
        while (booting.Count > 0 && booting[0].ReadyAt <= nowTicks)
        {
            _ready[i] += booting[0].Count;
            booting.RemoveAt(0);
        }

        var current = _ready[i];
        foreach (var batch in booting)
        {
            current += batch.Count;
        }

        var desired = Math.Clamp(history.Stabilize(now, current, recommendation, upWindow, _windows[i]), minimum, Math.Max(minimum, maximum));
        if (desired > current)
        {
            booting.Add((nowTicks + _provisioningTicks, desired - current));
        }
        else if (desired < current)
        {
            // The youngest boots go first, then ready instances, as a scale set removes them.
            var remove = current - desired;
            while (remove > 0 && booting.Count > 0)
            {
                var youngest = booting[^1];
                var taken = Math.Min(remove, youngest.Count);
                remove -= taken;
                if (taken == youngest.Count)
                {
                    booting.RemoveAt(booting.Count - 1);
                }
                else
                {
                    booting[^1] = (youngest.ReadyAt, youngest.Count - taken);
                }
            }

            _ready[i] -= remove;
        }

        _served[i] = _ready[i];
    }
}
