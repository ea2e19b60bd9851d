using System.Globalization;

namespace ScaleSets.Control;

/// <summary>
/// Strict zone balance after a wave whose creates failed in an unavailable zone: the wave's other creates may have left zone
/// counts more than one apart. Rolls back instances of this wave only (never one that existed before it), from the fullest
/// zone, newest first, until the skew is at most one or no instance of the wave is left to roll back.
/// </summary>
internal static class StrictZoneRollback
{
    /// <summary>Plans the rollback of <paramref name="wave"/> (instance names and their causes) into a plan.</summary>
    public static ControllerPlan Plan(IReadOnlyList<string> zones, IEnumerable<TrackedInstance> instances, IReadOnlyList<(string Name, string? Cause)> wave)
    {
        var plan = new ControllerPlan();
        var causeByName = new Dictionary<string, string?>(wave.Count, StringComparer.Ordinal);
        foreach (var (name, cause) in wave)
        {
            causeByName[name] = cause;
        }

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var candidates = new List<TrackedInstance>();
        foreach (var t in instances)
        {
            if (t.IsRemoving)
            {
                continue;
            }

            counts[t.Zone] = counts.GetValueOrDefault(t.Zone) + 1;
            if (causeByName.ContainsKey(t.Info.Name))
            {
                candidates.Add(t);
            }
        }

        candidates.Sort((a, b) => b.Index.CompareTo(a.Index));
        while (ZonePlanner.Skew(zones, counts) > 1)
        {
            var min = zones.Min(z => counts.GetValueOrDefault(z));
            var starved = zones.First(z => counts.GetValueOrDefault(z) == min);
            var victim = Fullest(candidates, counts, min);
            if (victim is null)
            {
                // What is left of the skew predates this wave; a zone outage never removes an instance that existed before it.
                break;
            }

            candidates.Remove(victim);
            counts[victim.Zone]--;
            plan.Remove(victim, InstanceRemovalReason.ZoneRollback, causeByName[victim.Info.Name], string.Create(
                CultureInfo.InvariantCulture,
                $"strict zone balance: zone '{starved}' is unavailable, so this instance of the same scale-out wave in zone '{victim.Zone}' is rolled back to keep zone counts within one"));
        }

        return plan;
    }

    private static TrackedInstance? Fullest(List<TrackedInstance> candidates, Dictionary<string, int> counts, int min)
    {
        TrackedInstance? victim = null;
        foreach (var t in candidates)
        {
            if (counts.GetValueOrDefault(t.Zone) > min + 1 && (victim is null || counts[t.Zone] > counts[victim.Zone]))
            {
                victim = t;
            }
        }

        return victim;
    }
}
