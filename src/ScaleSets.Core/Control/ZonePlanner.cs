namespace ScaleSets.Control;

/// <summary>Chooses zones for new instances so zone counts differ by at most one.</summary>
internal static class ZonePlanner
{
    /// <summary>Plans <paramref name="count"/> placements.</summary>
    /// <param name="zones">The configured zones, in preference order for ties.</param>
    /// <param name="counts">Current in-service instances per zone; updated with the planned placements.</param>
    /// <param name="isAvailable">Whether a zone may take instances now.</param>
    /// <param name="mode">Best-effort places in available zones; strict never lets skew exceed one.</param>
    /// <param name="count">How many to place.</param>
    /// <param name="blockedReason">Why fewer than <paramref name="count"/> were placed, or <see langword="null"/>.</param>
    /// <returns>The zones, one per placed instance.</returns>
    public static List<string> Plan(
        IReadOnlyList<string> zones,
        Dictionary<string, int> counts,
        Func<string, bool> isAvailable,
        ZoneBalanceMode mode,
        int count,
        out string? blockedReason)
    {
        blockedReason = null;
        var placed = new List<string>(count);
        for (var n = 0; n < count; n++)
        {
            string? best = null;
            var min = int.MaxValue;
            foreach (var zone in zones)
            {
                var c = counts.GetValueOrDefault(zone);
                min = Math.Min(min, c);
                if (isAvailable(zone) && (best is null || c < counts.GetValueOrDefault(best)))
                {
                    best = zone;
                }
            }

            if (best is null)
            {
                blockedReason = "no zone can take instances: every zone failed recently as unavailable";
                break;
            }

            if (mode == ZoneBalanceMode.Strict && counts.GetValueOrDefault(best) > min)
            {
                var starved = zones.First(z => counts.GetValueOrDefault(z) == min);
                blockedReason = $"strict zone balance: zone '{starved}' cannot take instances and placing more elsewhere would make zone counts differ by more than one";
                break;
            }

            counts[best] = counts.GetValueOrDefault(best) + 1;
            placed.Add(best);
        }

        return placed;
    }

    /// <summary>
    /// Returns how many instances must be added in the short zones so that scaling the same number in from the long zones
    /// (fullest zone first, as scale-in does) leaves zone counts at most one apart: the shortfall of each zone below its share
    /// of the current total, where the fullest zones keep the remainder. Zero when the counts are already within one. Limited
    /// by what that scale-in can take from the long zones: a zone gives up at most its <paramref name="removable"/> instances
    /// (those not protected from scale-in); creates beyond that would only be scaled in again from the short zones, round
    /// after round.
    /// </summary>
    /// <param name="zones">The zones.</param>
    /// <param name="counts">In-service instances per zone.</param>
    /// <param name="removable">In-service instances per zone that scale-in may choose, or <see langword="null"/> when all may be.</param>
    /// <returns>The number of creates one rebalance round needs and the following scale-in can balance.</returns>
    public static int RebalanceCreates(IReadOnlyList<string> zones, Dictionary<string, int> counts, Dictionary<string, int>? removable = null)
    {
        if (Skew(zones, counts) <= 1)
        {
            return 0;
        }

        var sorted = new (int Count, int Removable)[zones.Count];
        var total = 0;
        for (var i = 0; i < sorted.Length; i++)
        {
            var count = counts.GetValueOrDefault(zones[i]);
            sorted[i] = (count, removable is null ? count : Math.Min(count, removable.GetValueOrDefault(zones[i])));
            total += count;
        }

        Array.Sort(sorted, (a, b) => b.Count.CompareTo(a.Count));
        var share = total / sorted.Length;
        var remainder = total % sorted.Length;
        int creates = 0, surplus = 0;
        for (var i = 0; i < sorted.Length; i++)
        {
            var target = share + (i < remainder ? 1 : 0);
            creates += Math.Max(0, target - sorted[i].Count);
            surplus += Math.Min(Math.Max(0, sorted[i].Count - target), sorted[i].Removable);
        }

        return Math.Min(creates, surplus);
    }

    /// <summary>Returns the largest difference between zone counts.</summary>
    /// <param name="zones">The zones.</param>
    /// <param name="counts">Instances per zone.</param>
    /// <returns>Max minus min.</returns>
    public static int Skew(IReadOnlyList<string> zones, Dictionary<string, int> counts)
    {
        var min = int.MaxValue;
        var max = 0;
        foreach (var zone in zones)
        {
            var c = counts.GetValueOrDefault(zone);
            min = Math.Min(min, c);
            max = Math.Max(max, c);
        }

        return zones.Count == 0 ? 0 : max - min;
    }
}
