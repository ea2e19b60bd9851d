using ScaleSets.State;

namespace ScaleSets.Policy;

/// <summary>
/// Histograms of the natural logarithms of load ratios, one per load level, with exponential forgetting, that answer
/// upper quantiles. A level is an octave of the load in instances (<c>floor(log2(load / per-instance))</c>, the loads
/// under two instances in level 0): a rise from two instances' load is not the rise from two hundred's (a count's noise
/// shrinks relative to its mean as it grows), so each level keeps its own. Bins are <see cref="BinWidth"/> wide from 0
/// (a ratio of 1; everything at or below it in the first bin) to <see cref="MaxLog"/> (a ratio of about 55; everything
/// above it in the last). A quantile is the upper edge of its bin, so it errs upwards by at most half a percent.
/// </summary>
/// <remarks>
/// A level that has not seen enough rises to tell its quantile (fewer than one expected above it) is widened to its
/// neighbours, nearest first, until the merged histograms have. Forgetting is lazy and shared by all levels: each new
/// observation weighs <c>1 / retention</c> times the one before, and the weights are rescaled only when they grow large,
/// so adding is O(1) and a quantile near the top is a short scan from the top.
/// </remarks>
internal sealed class RiseHistogram
{
    /// <summary>The width of a bin, in natural-log units (about 0.5% of the ratio).</summary>
    public const double BinWidth = 0.005;

    /// <summary>The largest logarithm told apart.</summary>
    public const double MaxLog = 4.0;

    /// <summary>The number of load levels (octaves); higher loads share the last.</summary>
    public const int Levels = 32;

    private const int Bins = (int)(MaxLog / BinWidth) + 1;
    private const double Rescale = 1e200;

    private readonly double[]?[] _weights = new double[]?[Levels];
    private readonly double[] _totals = new double[Levels];
    private readonly double _growth;
    private double _increment = 1;

    /// <summary>Initializes histograms in which each observation keeps <paramref name="retention"/> of its weight per later observation.</summary>
    /// <param name="retention">Above 0 and at most 1; 1 never forgets.</param>
    public RiseHistogram(double retention)
    {
        if (!(retention > 0 && retention <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(retention), retention, "The retention must be above 0 and at most 1.");
        }

        _growth = 1 / retention;
    }

    /// <summary>Gets how many observations were added.</summary>
    public long Count { get; private set; }

    /// <summary>Returns the level of a load of <paramref name="instances"/> instances' worth.</summary>
    /// <param name="instances">The load divided by what one instance carries.</param>
    /// <returns>0 to <see cref="Levels"/> − 1.</returns>
    public static int LevelOf(double instances) =>
        instances < 2 || double.IsNaN(instances) ? 0 : (int)Math.Min(Levels - 1, Math.Floor(Math.Log2(instances)));

    /// <summary>Adds the logarithm of one ratio at a level.</summary>
    /// <param name="level">The level of the load the ratio is relative to.</param>
    /// <param name="logRatio">The logarithm; NaN is ignored.</param>
    public void Add(int level, double logRatio)
    {
        if (double.IsNaN(logRatio))
        {
            return;
        }

        level = Math.Clamp(level, 0, Levels - 1);
        var bin = logRatio <= 0 ? 0 : logRatio >= MaxLog ? Bins - 1 : (int)Math.Ceiling(logRatio / BinWidth);
        if (Count > 0)
        {
            _increment *= _growth;
        }

        var row = _weights[level] ??= new double[Bins];
        row[bin] += _increment;
        _totals[level] += _increment;
        Count++;
        if (_increment > Rescale)
        {
            var scale = 1 / _increment;
            for (var l = 0; l < Levels; l++)
            {
                if (_weights[l] is { } weights)
                {
                    for (var i = 0; i < Bins; i++)
                    {
                        weights[i] *= scale;
                    }
                }

                _totals[l] *= scale;
            }

            _increment = 1;
        }
    }

    /// <summary>Returns how many observations a level holds, weighted by age (the latest counting 1).</summary>
    /// <param name="level">The level.</param>
    /// <returns>The weighted count.</returns>
    public double Weight(int level) => _totals[Math.Clamp(level, 0, Levels - 1)] / _increment;

    /// <summary>
    /// Returns, for a load at <paramref name="level"/>, the smallest bin edge above which at most <paramref name="tail"/>
    /// of the weight lies, as a ratio (1 or more), from that level widened to its neighbours until at least one
    /// observation is expected above it; 1 when nothing was added.
    /// </summary>
    /// <param name="level">The level of the load now.</param>
    /// <param name="tail">The share of the weight allowed above the answer, 0 to 1; 0 gives the largest ratio seen.</param>
    /// <param name="low">Receives the lowest level merged.</param>
    /// <param name="high">Receives the highest level merged.</param>
    /// <returns>The ratio.</returns>
    public double UpperQuantile(int level, double tail, out int low, out int high)
    {
        level = Math.Clamp(level, 0, Levels - 1);
        low = level;
        high = level;
        if (Count == 0)
        {
            return 1;
        }

        tail = Math.Clamp(tail, 0, 1);
        var needed = tail > 0 ? _increment / tail : double.PositiveInfinity;
        var total = _totals[level];
        while (total < needed && (low > 0 || high < Levels - 1))
        {
            // The nearer neighbour first; the lower one on a tie (its rises are the larger, so the answer errs safe).
            if (low > 0 && (high == Levels - 1 || level - (low - 1) <= (high + 1) - level))
            {
                total += _totals[--low];
            }
            else
            {
                total += _totals[++high];
            }
        }

        var allowed = tail * total;
        var above = 0.0;
        for (var bin = Bins - 1; bin > 0; bin--)
        {
            var weight = 0.0;
            for (var l = low; l <= high; l++)
            {
                weight += _weights[l] is { } row ? row[bin] : 0;
            }

            if (weight > 0 && above + weight > allowed)
            {
                return Math.Exp(bin * BinWidth);
            }

            above += weight;
        }

        return 1;
    }

    /// <summary>Captures the weights exactly (raw, with the growing increment), for a snapshot.</summary>
    /// <returns>The levels that hold weight, the count and the increment.</returns>
    public (IReadOnlyList<RiseLevelSnapshot> Levels, long Count, double Increment) Capture()
    {
        var levels = new List<RiseLevelSnapshot>();
        for (var l = 0; l < Levels; l++)
        {
            if (_weights[l] is not { } row)
            {
                continue;
            }

            var bins = new List<int>();
            var weights = new List<double>();
            for (var i = 0; i < Bins; i++)
            {
                if (row[i] != 0)
                {
                    bins.Add(i);
                    weights.Add(row[i]);
                }
            }

            levels.Add(new RiseLevelSnapshot { Level = l, Total = _totals[l], Bins = bins, Weights = weights });
        }

        return (levels, Count, _increment);
    }

    /// <summary>Replaces the weights with a snapshot's; returns false (and changes nothing) when it is not one this type could have written.</summary>
    /// <param name="levels">The levels.</param>
    /// <param name="count">The count.</param>
    /// <param name="increment">The increment.</param>
    /// <returns>Whether the snapshot was taken.</returns>
    public bool Restore(IReadOnlyList<RiseLevelSnapshot> levels, long count, double increment)
    {
        if (count < 0 || !(increment > 0 && double.IsFinite(increment)))
        {
            return false;
        }

        var rows = new double[]?[Levels];
        var totals = new double[Levels];
        foreach (var level in levels)
        {
            if (level is null || (uint)level.Level >= Levels || rows[level.Level] is not null || !(level.Total >= 0 && double.IsFinite(level.Total))
                || level.Bins is null || level.Weights is null || level.Bins.Count != level.Weights.Count)
            {
                return false;
            }

            var row = new double[Bins];
            for (var i = 0; i < level.Bins.Count; i++)
            {
                var (bin, weight) = (level.Bins[i], level.Weights[i]);
                if ((uint)bin >= Bins || !(weight >= 0 && double.IsFinite(weight)))
                {
                    return false;
                }

                row[bin] = weight;
            }

            rows[level.Level] = row;
            totals[level.Level] = level.Total;
        }

        Array.Copy(rows, _weights, Levels);
        Array.Copy(totals, _totals, Levels);
        Count = count;
        _increment = increment;
        return true;
    }
}
