namespace ScaleSets.Hosting.Sources;

/// <summary>
/// The registered <see cref="IMetricSourceType"/>s, then those of the adapters' hosting packages the application references
/// (<see cref="AdapterSourcePackages"/>), found by name (case-insensitive; the first registered wins).
/// </summary>
internal sealed class MetricSourceTypeRegistry
{
    private readonly IReadOnlyList<IMetricSourceType> _types;

    public MetricSourceTypeRegistry(IEnumerable<IMetricSourceType> types)
    {
        IReadOnlyList<IMetricSourceType> registered = [.. types];
        _types = [.. registered, .. AdapterSourcePackages.LoadReferenced(registered)];
    }

    /// <summary>Gets the names of the registered types, for messages.</summary>
    public string Known => _types.Count == 0 ? "(none registered)" : string.Join(", ", _types.Select(t => t.Name));

    public IMetricSourceType? Find(string? name) =>
        name is null ? null : _types.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Checks one configured entry: its common keys, its type and the type's own options.</summary>
    public IEnumerable<string> Validate(MetricSourceConfiguration source, IServiceProvider services)
    {
        foreach (var error in source.ReadErrors)
        {
            yield return error;
        }

        foreach (var error in source.Polling.Validate(source.Path))
        {
            yield return error;
        }

        if (source.Type is null)
        {
            yield return $"{source.PathOf("Type")}: is required; one of {Known}.";
            yield break;
        }

        if (Find(source.Type) is not { } type)
        {
            yield return AdapterSourcePackages.PackageOf(source.Type) is { } package
                ? $"{source.PathOf("Type")}: '{source.Type}' sources come with the package {package}, which this application does not reference; add it (dotnet add package {package})."
                : $"{source.PathOf("Type")}: '{source.Type}' is not a known source type; one of {Known}.";
            yield break;
        }

        foreach (var error in type.Validate(source, services))
        {
            yield return error;
        }
    }

    /// <summary>Creates the source of an entry that passed <see cref="Validate"/>.</summary>
    public IObservable<ScaleSets.Metrics.MetricSample> Create(MetricSourceConfiguration source, IServiceProvider services)
    {
        var type = Find(source.Type) ?? throw new InvalidOperationException($"{source.PathOf("Type")}: '{source.Type}' is not a known source type; one of {Known}.");
        return type.Create(source, services);
    }
}
