using ScaleSets.Abstractions;

namespace ScaleSets.Control;

/// <summary>
/// Chooses the instances scale-in removes: first from the zone with the most instances (so balance is kept), then, within
/// that zone, instances already out of service (not in the pool, unhealthy, half-drained, outdated) and finally by the rule.
/// O(n log n) for n candidates.
/// </summary>
internal static class ScaleInSelector
{
    public static List<TrackedInstance> Select(
        IReadOnlyCollection<TrackedInstance> inService,
        int count,
        ScaleInRule rule,
        string currentModelVersion,
        Func<TrackedInstance, bool> eligible)
    {
        var result = new List<TrackedInstance>(Math.Max(0, count));
        if (count <= 0)
        {
            return result;
        }

        var zoneCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        var candidates = new Dictionary<string, List<TrackedInstance>>(StringComparer.Ordinal);
        foreach (var t in inService)
        {
            zoneCounts[t.Zone] = zoneCounts.GetValueOrDefault(t.Zone) + 1;
            if (!t.Info.ProtectedFromScaleIn && eligible(t))
            {
                if (!candidates.TryGetValue(t.Zone, out var list))
                {
                    candidates[t.Zone] = list = [];
                }

                list.Add(t);
            }
        }

        var comparer = new PreferenceComparer(rule, currentModelVersion);
        var cursor = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (zone, list) in candidates)
        {
            list.Sort(comparer);
            cursor[zone] = 0;
        }

        while (result.Count < count)
        {
            string? bestZone = null;
            TrackedInstance? best = null;
            foreach (var (zone, list) in candidates)
            {
                var at = cursor[zone];
                if (at >= list.Count)
                {
                    continue;
                }

                var head = list[at];
                if (best is null
                    || zoneCounts[zone] > zoneCounts[bestZone!]
                    || (zoneCounts[zone] == zoneCounts[bestZone!] && comparer.Compare(head, best) < 0))
                {
                    best = head;
                    bestZone = zone;
                }
            }

            if (best is null)
            {
                break;
            }

            result.Add(best);
            cursor[bestZone!]++;
            zoneCounts[bestZone!]--;
        }

        return result;
    }

    /// <summary>Orders instances so the one to remove first comes first.</summary>
    private sealed class PreferenceComparer(ScaleInRule rule, string currentModelVersion) : IComparer<TrackedInstance>
    {
        public int Compare(TrackedInstance? x, TrackedInstance? y)
        {
            if (ReferenceEquals(x, y))
            {
                return 0;
            }

            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(y);
            var byTier = Tier(x).CompareTo(Tier(y));
            if (byTier != 0)
            {
                return byTier;
            }

            var byRule = rule switch
            {
                ScaleInRule.NewestVM => y.Info.CreatedAt.CompareTo(x.Info.CreatedAt),
                ScaleInRule.OldestVM => x.Info.CreatedAt.CompareTo(y.Info.CreatedAt),
                ScaleInRule.LeastLoaded => (x.Member?.ActiveConnections ?? 0).CompareTo(y.Member?.ActiveConnections ?? 0),
                _ => 0,
            };
            if (byRule != 0)
            {
                return byRule;
            }

            var byIndex = y.Index.CompareTo(x.Index);
            return byIndex != 0 ? byIndex : string.CompareOrdinal(y.Id, x.Id);
        }

        private int Tier(TrackedInstance t)
        {
            if (!t.InPool)
            {
                return 0;
            }

            if (!t.Healthy)
            {
                return 1;
            }

            if (t.Member is { State: LoadBalancerMemberState.Draining })
            {
                return 2;
            }

            return string.Equals(t.Info.ModelVersion, currentModelVersion, StringComparison.Ordinal) ? 4 : 3;
        }
    }
}
