using System.Globalization;

namespace ScaleSets.Simulation.Service;

/// <summary>
/// Turns offered load into what the engine and the metrics see. Each instance serves <see cref="InstanceCapacity"/>
/// requests per second at 100% utilization; the load is spread evenly over the ready instances; the response time is
/// that of an M/M/c queue with one server per ready instance. Demand is the smallest instance count that keeps the
/// utilization at or under <see cref="TargetUtilization"/>, and never less than one (a service that exists runs on at
/// least one instance, and the elasticity metrics divide by demand).
/// </summary>
public sealed class ServiceModel
{
    /// <summary>Creates a service model.</summary>
    /// <param name="instanceCapacity">Requests per second one instance serves at 100% utilization.</param>
    /// <param name="targetUtilization">The utilization demand is sized for, above 0 and at most 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public ServiceModel(double instanceCapacity, double targetUtilization)
    {
        if (!double.IsFinite(instanceCapacity) || instanceCapacity <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(instanceCapacity), instanceCapacity, "The instance capacity must be a positive number of requests per second.");
        }

        if (!(targetUtilization > 0 && targetUtilization <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(targetUtilization), targetUtilization, "The target utilization must be above 0 and at most 1.");
        }

        InstanceCapacity = instanceCapacity;
        TargetUtilization = targetUtilization;
    }

    /// <summary>Gets the requests per second one instance serves at 100% utilization (R).</summary>
    public double InstanceCapacity { get; }

    /// <summary>Gets the utilization demand is sized for.</summary>
    public double TargetUtilization { get; }

    /// <summary>Gets the requests per second one instance carries at the target utilization: the per-instance target of a request-rate rule.</summary>
    public double RequestsPerInstanceAtTarget => InstanceCapacity * TargetUtilization;

    /// <summary>Chooses R so that <paramref name="peakRequestsPerSecond"/> needs exactly <paramref name="peakInstances"/> instances at the target utilization.</summary>
    /// <param name="peakRequestsPerSecond">The workload's peak.</param>
    /// <param name="peakInstances">The instances the peak should need.</param>
    /// <param name="targetUtilization">The target utilization.</param>
    /// <returns>The service model.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The peak is not positive, or the instance count is below 1.</exception>
    public static ServiceModel ForPeak(double peakRequestsPerSecond, int peakInstances, double targetUtilization)
    {
        if (!double.IsFinite(peakRequestsPerSecond) || peakRequestsPerSecond <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(peakRequestsPerSecond), peakRequestsPerSecond, "The workload's peak must be positive to size the instances from it.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(peakInstances, 1);

        // A hair above the exact quotient so the peak's ceiling is peakInstances despite rounding.
        var capacity = peakRequestsPerSecond / (peakInstances * targetUtilization) * (1 + 1e-9);
        return new ServiceModel(capacity, targetUtilization);
    }

    /// <summary>The demand for <paramref name="requestsPerSecond"/>: <c>max(1, ceil(load / (R × target)))</c>.</summary>
    /// <param name="requestsPerSecond">The offered load.</param>
    /// <returns>The instances needed.</returns>
    public int Demand(double requestsPerSecond)
    {
        var needed = Math.Ceiling(requestsPerSecond / RequestsPerInstanceAtTarget);
        return needed < 1 ? 1 : needed > int.MaxValue / 2 ? int.MaxValue / 2 : (int)needed;
    }

    /// <summary>The utilization of each ready instance (may exceed 1 when overloaded; infinite with load and no instance).</summary>
    /// <param name="requestsPerSecond">The offered load.</param>
    /// <param name="readyInstances">The instances serving it.</param>
    /// <returns>The utilization, 1 meaning 100%.</returns>
    public double Utilization(double requestsPerSecond, int readyInstances) =>
        readyInstances > 0 ? requestsPerSecond / (readyInstances * InstanceCapacity)
        : requestsPerSecond > 0 ? double.PositiveInfinity : 0;

    /// <summary>The mean response time in seconds of an M/M/c queue with one server per ready instance; infinite when overloaded.</summary>
    /// <param name="requestsPerSecond">The offered load.</param>
    /// <param name="readyInstances">The instances serving it.</param>
    /// <returns>The mean response time in seconds.</returns>
    public double LatencySeconds(double requestsPerSecond, int readyInstances) =>
        ErlangC.MeanResponseTime(readyInstances, requestsPerSecond, InstanceCapacity);

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"R = {InstanceCapacity:0.###} requests/s per instance at 100%, target {TargetUtilization:P0}");
}
