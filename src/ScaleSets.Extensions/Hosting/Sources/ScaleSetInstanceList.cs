using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ScaleSets.Abstractions;

namespace ScaleSets.Hosting.Sources;

/// <summary>
/// Lists a hosted scale set's instances through its compute provider, for sources that match their series to instances
/// (Prometheus by address or name template). Resolved at the first call, when the host runs.
/// </summary>
public static class ScaleSetInstanceList
{
    /// <summary>Returns a function listing the instances of a declared scale set through its compute provider.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="scaleSet">The scale set's name.</param>
    /// <returns>The function; it throws <see cref="InvalidOperationException"/> when the scale set has no compute provider.</returns>
    /// <exception cref="InvalidOperationException">The scale set is not declared.</exception>
    public static Func<CancellationToken, Task<IReadOnlyList<InstanceInfo>>> For(IServiceProvider services, string scaleSet)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(scaleSet);
        var registration = services.GetRequiredService<ScaleSetRegistry>().Find(scaleSet)
            ?? throw new InvalidOperationException($"The scale set '{scaleSet}' is not declared.");
        IComputeProvider? compute = null;
        string? providerName = null;
        return ct =>
        {
            compute ??= registration.Compute?.Invoke(services)
                ?? throw new InvalidOperationException($"The scale set '{scaleSet}' has no compute provider to list its instances.");
            providerName ??= services.GetRequiredService<IOptionsMonitor<ScaleSetOptions>>().Get(scaleSet).Controller.ScaleSetName is { Length: > 0 } n ? n : scaleSet;
            return compute.ListInstancesAsync(providerName, ct);
        };
    }
}
