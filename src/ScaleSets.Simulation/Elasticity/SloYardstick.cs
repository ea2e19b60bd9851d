using System.Globalization;
using ScaleSets.Simulation.Service;

namespace ScaleSets.Simulation.Elasticity;

/// <summary>
/// The yardstick a user states: a step is within the SLO when the ready instances carry its load at or under 100%
/// utilization and, when a latency objective is given, the modelled mean response time (M/M/c, <see cref="ErlangC"/>) is
/// at or under it. SLO attainment is the share of steps within the SLO; cost is the instance-hours billed. The
/// clairvoyant lower bound is, at each step, the fewest instances that keep that step within the SLO, summed over the
/// steps: no policy that meets the SLO at every step can cost less.
/// </summary>
/// <remarks>
/// A running service keeps at least one instance, so the bound is at least one instance at a step without load (the
/// simulated policies never scale below one either).
/// </remarks>
public static class SloYardstick
{
    /// <summary>Whether a step is within the SLO.</summary>
    /// <param name="requestsPerSecond">The step's load.</param>
    /// <param name="readyInstances">The instances serving it.</param>
    /// <param name="service">The service model (R).</param>
    /// <param name="latencySlo">The mean response time objective, or <see langword="null"/> for utilization alone.</param>
    /// <returns><see langword="true"/> when within the SLO.</returns>
    public static bool IsWithinSlo(double requestsPerSecond, int readyInstances, ServiceModel service, TimeSpan? latencySlo)
    {
        ArgumentNullException.ThrowIfNull(service);
        return service.Utilization(requestsPerSecond, readyInstances) <= 1
            && (latencySlo is not { } limit || service.LatencySeconds(requestsPerSecond, readyInstances) <= limit.TotalSeconds);
    }

    /// <summary>The fewest instances that keep a step within the SLO (at least one).</summary>
    /// <param name="requestsPerSecond">The step's load, 0 or more.</param>
    /// <param name="service">The service model (R).</param>
    /// <param name="latencySlo">The mean response time objective, or <see langword="null"/>.</param>
    /// <returns>The instance count.</returns>
    /// <exception cref="ArgumentException">The latency objective is at or below one request's service time 1/R, which no capacity meets.</exception>
    public static int BoundInstances(double requestsPerSecond, ServiceModel service, TimeSpan? latencySlo)
    {
        ArgumentNullException.ThrowIfNull(service);
        ThrowIfUnreachable(service, latencySlo);
        return BoundCore(requestsPerSecond, service, latencySlo);
    }

    private static int BoundCore(double requestsPerSecond, ServiceModel service, TimeSpan? latencySlo)
    {
        var n = Math.Max(1, (int)Math.Min(int.MaxValue / 2, Math.Ceiling(requestsPerSecond / service.InstanceCapacity)));
        if (latencySlo is { } limit)
        {
            // Latency falls as instances are added, towards the service time 1/R, which is below the objective.
            while (service.LatencySeconds(requestsPerSecond, n) > limit.TotalSeconds)
            {
                n++;
            }
        }

        return n;
    }

    /// <summary>The clairvoyant lower bound at every step.</summary>
    /// <param name="load">The load at each step.</param>
    /// <param name="service">The service model (R).</param>
    /// <param name="latencySlo">The mean response time objective, or <see langword="null"/>.</param>
    /// <returns>The instances the bound holds at each step.</returns>
    /// <exception cref="ArgumentException">The latency objective cannot be met by any capacity.</exception>
    public static int[] Bound(IReadOnlyList<double> load, ServiceModel service, TimeSpan? latencySlo)
    {
        ArgumentNullException.ThrowIfNull(load);
        ArgumentNullException.ThrowIfNull(service);
        ThrowIfUnreachable(service, latencySlo);
        var bound = new int[load.Count];
        for (var i = 0; i < bound.Length; i++)
        {
            bound[i] = BoundCore(load[i], service, latencySlo);
        }

        return bound;
    }

    /// <summary>Computes a run's attainment and cost against the bound.</summary>
    /// <param name="violated">Whether each step was outside the SLO.</param>
    /// <param name="billed">The instances billed at each step (a stopped warm-pool instance may be counted at its cost ratio by the caller).</param>
    /// <param name="bound">The bound at each step (<see cref="Bound"/>).</param>
    /// <param name="step">The length of one step.</param>
    /// <param name="target">The attainment target, above 0 and at most 1.</param>
    /// <returns>The metrics.</returns>
    /// <exception cref="ArgumentException">The series differ in length or are empty, or the target is outside (0, 1].</exception>
    public static SloMetrics Compute(ReadOnlySpan<bool> violated, ReadOnlySpan<double> billed, ReadOnlySpan<int> bound, TimeSpan step, double target)
    {
        if (violated.Length == 0 || billed.Length != violated.Length || bound.Length != violated.Length)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"the SLO flags ({violated.Length}), billed ({billed.Length}) and bound ({bound.Length}) series must have the same, non-zero length"));
        }

        if (!(target > 0 && target <= 1))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"the attainment target {target} is outside (0, 1]"), nameof(target));
        }

        long within = 0;
        double billedSteps = 0;
        long boundSteps = 0;
        for (var i = 0; i < violated.Length; i++)
        {
            within += violated[i] ? 0 : 1;
            billedSteps += billed[i];
            boundSteps += bound[i];
        }

        var hours = step.TotalHours;
        return new SloMetrics((double)within / violated.Length, target, billedSteps * hours, boundSteps * hours);
    }

    private static void ThrowIfUnreachable(ServiceModel service, TimeSpan? latencySlo)
    {
        if (latencySlo is { } limit && limit.TotalSeconds <= 1 / service.InstanceCapacity)
        {
            throw new ArgumentException(string.Create(
                CultureInfo.InvariantCulture,
                $"the latency objective {limit.TotalSeconds:0.######} s is at or below one request's service time 1/R = {1 / service.InstanceCapacity:0.######} s; no number of instances meets it"));
        }
    }
}
