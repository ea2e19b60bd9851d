using MathNet.Numerics.Distributions;

namespace ScaleSets.Simulation.Service;

/// <summary>
/// The M/M/c queue: Poisson arrivals at rate λ, c servers each serving at rate μ. The Erlang B blocking probability is
/// the ratio of a Poisson probability to its cumulative distribution, <c>B(c, a) = P(X = c) / P(X ≤ c)</c> for
/// <c>X ~ Poisson(a)</c> with offered load <c>a = λ/μ</c>, which MathNet.Numerics evaluates in log space, so it stays
/// exact for a thousand servers; Erlang C follows as <c>C = B / (1 − ρ(1 − B))</c> with <c>ρ = a / c</c>.
/// </summary>
internal static class ErlangC
{
    /// <summary>The probability that an arriving request has to wait; 1 when the queue is unstable (<c>a ≥ c</c>).</summary>
    /// <param name="servers">c, at least 1.</param>
    /// <param name="offeredLoad">a = λ/μ in Erlangs, not negative.</param>
    /// <returns>The waiting probability.</returns>
    public static double WaitProbability(int servers, double offeredLoad)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(servers, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(offeredLoad);
        if (offeredLoad == 0)
        {
            return 0;
        }

        if (offeredLoad >= servers)
        {
            return 1;
        }

        var blocking = Math.Exp(Poisson.PMFLn(offeredLoad, servers) - Math.Log(Poisson.CDF(offeredLoad, servers)));
        var rho = offeredLoad / servers;
        return blocking / (1 - (rho * (1 - blocking)));
    }

    /// <summary>The mean response time (waiting plus service) in seconds: <c>C / (cμ − λ) + 1/μ</c>; infinite when unstable.</summary>
    /// <param name="servers">c; zero servers give an infinite time for any load.</param>
    /// <param name="arrivalRate">λ in requests per second.</param>
    /// <param name="serviceRate">μ in requests per second per server.</param>
    /// <returns>The mean response time in seconds.</returns>
    public static double MeanResponseTime(int servers, double arrivalRate, double serviceRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(arrivalRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(serviceRate);
        if (servers <= 0 || arrivalRate >= servers * serviceRate)
        {
            return servers <= 0 && arrivalRate == 0 ? 0 : double.PositiveInfinity;
        }

        var wait = WaitProbability(servers, arrivalRate / serviceRate);
        return (wait / ((servers * serviceRate) - arrivalRate)) + (1 / serviceRate);
    }
}
