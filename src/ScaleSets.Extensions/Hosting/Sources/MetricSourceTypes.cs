using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ScaleSets.Hosting.Sources;

/// <summary>
/// The source types configuration can name. Each shipped type lives in its own file (<c>XxxMetricSourceType</c>) and is
/// registered here by one line, so adding a type touches nothing else.
/// </summary>
internal static class MetricSourceTypes
{
    /// <summary>Registers the shipped source types (idempotent).</summary>
    public static void AddBuiltIn(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<MetricSourceTypeRegistry>();
    }

    /// <summary>Registers one type (idempotent for a type class).</summary>
    public static void Add<TType>(IServiceCollection services)
        where TType : class, IMetricSourceType =>
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMetricSourceType, TType>());
}
