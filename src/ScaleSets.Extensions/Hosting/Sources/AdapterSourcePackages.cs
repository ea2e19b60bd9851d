namespace ScaleSets.Hosting.Sources;

/// <summary>
/// The source types that come with an adapter's hosting package (ScaleSets.Hosting.HAProxy, .Prometheus, .HyperV), so the
/// hosting package itself depends on no adapter. A configuration entry naming one of them works as soon as the application
/// references the package, with no code: its type is loaded from the package when the host starts. Without the package the
/// start fails with an error naming the package to add.
/// </summary>
internal static class AdapterSourcePackages
{
    private static readonly (string Type, string Package, string TypeName)[] Known =
    [
        ("HAProxy", "ScaleSets.Hosting.HAProxy", "ScaleSets.Hosting.Sources.HAProxyMetricSourceType"),
        ("Prometheus", "ScaleSets.Hosting.Prometheus", "ScaleSets.Hosting.Sources.PrometheusMetricSourceType"),
        ("HyperV", "ScaleSets.Hosting.HyperV", "ScaleSets.Hosting.Sources.HyperVMetricSourceType"),
    ];

    /// <summary>Gets the name of the package that brings the source type <paramref name="type"/>, or <see langword="null"/> when no adapter's package does.</summary>
    public static string? PackageOf(string type) =>
        Known.FirstOrDefault(k => string.Equals(k.Type, type, StringComparison.OrdinalIgnoreCase)).Package;

    /// <summary>Creates the source types of the adapters' hosting packages the application references, except those already registered.</summary>
    public static IEnumerable<IMetricSourceType> LoadReferenced(IReadOnlyList<IMetricSourceType> registered)
    {
        foreach (var (type, package, typeName) in Known)
        {
            if (registered.Any(t => string.Equals(t.Name, type, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            if (Load($"{typeName}, {package}") is { } loaded)
            {
                yield return loaded;
            }
        }
    }

    private static IMetricSourceType? Load(string assemblyQualifiedName)
    {
        Type? type;
        try
        {
            type = Type.GetType(assemblyQualifiedName, throwOnError: false);
        }
        catch (IOException)
        {
            // The package's assembly is not among the application's (FileNotFoundException, FileLoadException).
            return null;
        }
        catch (BadImageFormatException)
        {
            return null;
        }

        return type is null ? null : (IMetricSourceType?)Activator.CreateInstance(type, nonPublic: true);
    }
}
