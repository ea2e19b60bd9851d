using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ScaleSets.Hosting.Sources;

/// <summary>
/// The source types configuration can name. The hosting package's own type (<c>Meter</c>) is registered here; the adapters'
/// types come with their hosting packages (<see cref="AdapterSourcePackages"/>).
/// </summary>
internal static class MetricSourceTypes
{
    /// <summary>Registers the shipped source types (idempotent).</summary>
    public static void AddBuiltIn(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<MetricSourceTypeRegistry>();
        Add<MeterMetricSourceType>(services);
    }

    /// <summary>Registers one type (idempotent for a type class).</summary>
    public static void Add<TType>(IServiceCollection services)
        where TType : class, IMetricSourceType =>
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMetricSourceType, TType>());
}
