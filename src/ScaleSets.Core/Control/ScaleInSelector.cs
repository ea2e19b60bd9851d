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
        var candidates = new Dictionary<string, List<Candidate>>(StringComparer.Ordinal);
        foreach (var t in inService)
        {
            zoneCounts[t.Zone] = zoneCounts.GetValueOrDefault(t.Zone) + 1;
            if (!t.Info.ProtectedFromScaleIn && eligible(t))
            {
                if (!candidates.TryGetValue(t.Zone, out var list))
                {
                    candidates[t.Zone] = list = [];
                }

                list.Add(Candidate.Of(t, rule, currentModelVersion));
            }
        }

        var cursor = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (zone, list) in candidates)
        {
            list.Sort();
            cursor[zone] = 0;
        }

        while (result.Count < count)
        {
            string? bestZone = null;
            Candidate best = default;
            foreach (var (zone, list) in candidates)
            {
                var at = cursor[zone];
                if (at >= list.Count)
                {
                    continue;
                }

                var head = list[at];
                if (bestZone is null
                    || zoneCounts[zone] > zoneCounts[bestZone]
                    || (zoneCounts[zone] == zoneCounts[bestZone] && head.CompareTo(best) < 0))
                {
                    best = head;
                    bestZone = zone;
                }
            }

            if (bestZone is null)
            {
                break;
            }

            result.Add(best.Instance);
            cursor[bestZone]++;
            zoneCounts[bestZone]--;
        }

        return result;
    }

    /// <summary>
    /// An instance with its preference worked out once (sorting compares each many times): first the tier (not in the pool,
    /// unhealthy, draining, outdated, current), then the rule (newest or oldest first, least connections first), then the
    /// highest index, then the id, so the order is total and the same on every run.
    /// </summary>
    private readonly struct Candidate(int rank, long byRule, TrackedInstance instance) : IComparable<Candidate>
    {
        private readonly int _rank = rank;
        private readonly long _byRule = byRule;

        public TrackedInstance Instance { get; } = instance;

        public static Candidate Of(TrackedInstance t, ScaleInRule rule, string currentModelVersion)
        {
            var byRule = rule switch
            {
                ScaleInRule.NewestVM => -t.Info.CreatedAt.UtcTicks,
                ScaleInRule.OldestVM => t.Info.CreatedAt.UtcTicks,
                ScaleInRule.LeastLoaded => t.Member?.ActiveConnections ?? 0,
                _ => 0,
            };
            return new Candidate(Tier(t, currentModelVersion), byRule, t);
        }

        public int CompareTo(Candidate other)
        {
            if (ReferenceEquals(Instance, other.Instance))
            {
                return 0;
            }

            var c = _rank.CompareTo(other._rank);
            if (c != 0)
            {
                return c;
            }

            c = _byRule.CompareTo(other._byRule);
            if (c != 0)
            {
                return c;
            }

            c = other.Instance.Index.CompareTo(Instance.Index);
            return c != 0 ? c : string.CompareOrdinal(other.Instance.Id, Instance.Id);
        }

        private static int Tier(TrackedInstance t, string currentModelVersion)
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
