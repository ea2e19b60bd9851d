using ScaleSets.Metrics;

namespace ScaleSets.Configuration;

/// <summary>Maps an Azure metric trigger's namespace and resource to the kind of source its samples come from.</summary>
internal static class AzureMetricSource
{
    /// <summary>Returns the source kind of an Azure metric.</summary>
    /// <param name="metricNamespace">The trigger's <c>metricNamespace</c>, if any.</param>
    /// <param name="metricResourceUri">The trigger's <c>metricResourceUri</c>, if any.</param>
    /// <returns>
    /// <see cref="MetricSourceKind.Application"/> for Application Insights, <see cref="MetricSourceKind.Guest"/> for guest
    /// (diagnostics agent) namespaces, <see cref="MetricSourceKind.Host"/> for the scale set's platform metrics (also when
    /// neither is given: the target resource's own metric), otherwise <see cref="MetricSourceKind.Custom"/>.
    /// </returns>
    public static MetricSourceKind Map(string? metricNamespace, string? metricResourceUri)
    {
        var ns = metricNamespace ?? "";
        var uri = metricResourceUri ?? "";
        if (uri.Contains("microsoft.insights/components", StringComparison.OrdinalIgnoreCase)
            || ns.Equals("microsoft.insights/components", StringComparison.OrdinalIgnoreCase))
        {
            return MetricSourceKind.Application;
        }

        if (ns.Contains("guest", StringComparison.OrdinalIgnoreCase))
        {
            return MetricSourceKind.Guest;
        }

        if (ns.Equals("microsoft.compute/virtualmachinescalesets", StringComparison.OrdinalIgnoreCase))
        {
            return MetricSourceKind.Host;
        }

        if (ns.Length == 0
            && (uri.Length == 0 || uri.Contains("microsoft.compute/virtualmachinescalesets", StringComparison.OrdinalIgnoreCase)))
        {
            return MetricSourceKind.Host;
        }

        return MetricSourceKind.Custom;
    }
}
