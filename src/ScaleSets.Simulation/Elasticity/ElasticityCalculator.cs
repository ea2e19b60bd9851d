using System.Globalization;

namespace ScaleSets.Simulation.Elasticity;

/// <summary>
/// Computes <see cref="ElasticityMetrics"/> from a demand and a supply series of equal length (SPEC RG elasticity
/// metrics: Herbst et al., "Ready for Rain? A View from SPEC Research on the Future of Cloud Metrics", 2016, and the
/// BUNGEE benchmark, Herbst et al., 2015; formulas as in issue 7).
/// </summary>
public static class ElasticityCalculator
{
    /// <summary>Computes the metrics.</summary>
    /// <param name="demand">d: the instances needed at each step, each at least 1.</param>
    /// <param name="supply">s: the ready instances at each step.</param>
    /// <param name="billed">The instances paid for at each step (ready plus booting), for instance-hours.</param>
    /// <param name="sloViolated">Whether each step violated the SLO.</param>
    /// <param name="actions">The number of scale actions.</param>
    /// <param name="step">The length of one step.</param>
    /// <returns>The metrics.</returns>
    /// <exception cref="ArgumentException">The series differ in length, are empty, or a demand is below 1.</exception>
    public static ElasticityMetrics Compute(ReadOnlySpan<int> demand, ReadOnlySpan<int> supply, ReadOnlySpan<int> billed, ReadOnlySpan<bool> sloViolated, int actions, TimeSpan step)
    {
        var t = demand.Length;
        if (t == 0 || supply.Length != t || billed.Length != t || sloViolated.Length != t)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"demand ({demand.Length}), supply ({supply.Length}), billed ({billed.Length}) and SLO ({sloViolated.Length}) series must have the same, non-zero length"));
        }

        if (step <= TimeSpan.Zero)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"the step {step} is not positive"), nameof(step));
        }

        double under = 0, over = 0;
        long underSteps = 0, overSteps = 0, unstable = 0, supplyChanges = 0, demandChanges = 0, billedSteps = 0, violations = 0;
        for (var i = 0; i < t; i++)
        {
            var d = demand[i];
            var s = supply[i];
            if (d < 1)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"demand at step {i} is {d}; demand must be at least 1"), nameof(demand));
            }

            if (s < d)
            {
                under += (double)(d - s) / d;
                underSteps++;
            }
            else if (s > d)
            {
                over += (double)(s - d) / d;
                overSteps++;
            }

            billedSteps += billed[i];
            if (sloViolated[i])
            {
                violations++;
            }

            if (i > 0)
            {
                var ds = Math.Sign(s - supply[i - 1]);
                var dd = Math.Sign(d - demand[i - 1]);
                if (ds != dd)
                {
                    unstable++;
                }

                if (ds != 0)
                {
                    supplyChanges++;
                }

                if (dd != 0)
                {
                    demandChanges++;
                }
            }
        }

        var thetaU = 100.0 * under / t;
        var thetaO = 100.0 * over / t;
        var tauU = 100.0 * underSteps / t;
        var tauO = 100.0 * overSteps / t;
        var instability = t > 1 ? 100.0 * unstable / (t - 1) : 0;
        var hours = t * step.TotalHours;
        var jitter = (supplyChanges - demandChanges) / hours;
        var deviation = Math.Sqrt((thetaU * thetaU) + (thetaO * thetaO) + (tauU * tauU) + (tauO * tauO));
        return new ElasticityMetrics(thetaU, thetaO, tauU, tauO, instability, jitter, billedSteps * step.TotalHours, violations * step.TotalMinutes, actions, deviation);
    }

    /// <summary>
    /// The elastic speedup of <paramref name="policy"/> over <paramref name="baseline"/>: the geometric mean of the ratios
    /// <c>baseline / policy</c> of θU, θO, τU, τO and υ (Ilyushkin et al., "An Experimental Performance Evaluation of
    /// Autoscaling Policies for Complex Workflows", 2017), so above 1 means better than the baseline. Every metric is
    /// a percentage and one percentage point is added to both sides of each ratio, so a metric that is zero for one
    /// side (static-peak is never under-provisioned) gives a finite ratio that a tiny difference cannot dominate.
    /// </summary>
    /// <param name="policy">The policy's metrics.</param>
    /// <param name="baseline">The baseline's metrics.</param>
    /// <returns>The speedup; 1 when every metric ties.</returns>
    public static double ElasticSpeedup(ElasticityMetrics policy, ElasticityMetrics baseline)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(baseline);
        ReadOnlySpan<double> mine = [policy.ThetaU, policy.ThetaO, policy.TauU, policy.TauO, policy.Instability];
        ReadOnlySpan<double> theirs = [baseline.ThetaU, baseline.ThetaO, baseline.TauU, baseline.TauO, baseline.Instability];
        const double Smoothing = 1.0;
        var logSum = 0.0;
        for (var i = 0; i < mine.Length; i++)
        {
            logSum += Math.Log((theirs[i] + Smoothing) / (mine[i] + Smoothing));
        }

        return Math.Exp(logSum / mine.Length);
    }
}
