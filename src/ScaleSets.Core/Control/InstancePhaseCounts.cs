namespace ScaleSets.Control;

/// <summary>How many instances are in each phase; <see cref="Protected"/> counts the instances protected from scale-in, whatever their phase.</summary>
/// <param name="Creating">Instances being created or started.</param>
/// <param name="WarmingUp">Healthy instances within their warm-up.</param>
/// <param name="InService">Healthy, warmed-up instances.</param>
/// <param name="Draining">Instances being removed.</param>
/// <param name="Unhealthy">Instances not healthy.</param>
/// <param name="Protected">Instances protected from scale-in.</param>
public sealed record InstancePhaseCounts(int Creating, int WarmingUp, int InService, int Draining, int Unhealthy, int Protected)
{
    /// <summary>Gets every instance counted in a phase.</summary>
    public int Total => Creating + WarmingUp + InService + Draining + Unhealthy;

    internal static InstancePhaseCounts Count(IEnumerable<InstanceStatusEntry> instances)
    {
        int creating = 0, warming = 0, inService = 0, draining = 0, unhealthy = 0, isProtected = 0;
        foreach (var i in instances)
        {
            switch (i.Phase)
            {
                case InstancePhase.Creating: creating++; break;
                case InstancePhase.WarmingUp: warming++; break;
                case InstancePhase.InService: inService++; break;
                case InstancePhase.Draining: draining++; break;
                default: unhealthy++; break;
            }

            if (i.Protected)
            {
                isProtected++;
            }
        }

        return new InstancePhaseCounts(creating, warming, inService, draining, unhealthy, isProtected);
    }
}
