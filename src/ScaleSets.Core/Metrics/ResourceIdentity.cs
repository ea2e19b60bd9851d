namespace ScaleSets.Metrics;

/// <summary>
/// How resource ids and metric namespaces compare: as Azure compares them, case-insensitively, with surrounding white
/// space and a trailing <c>/</c> ignored; an empty one is none. Allocation-free.
/// </summary>
internal static class ResourceIdentity
{
    /// <summary>Returns the resource a trigger or sample names, or <see langword="null"/> when it names the scale set itself.</summary>
    /// <param name="resource">The resource as written, or <see langword="null"/>.</param>
    /// <param name="ownResource">The setting's target resource, or <see langword="null"/> when unknown.</param>
    /// <returns><paramref name="resource"/>, or <see langword="null"/> when it is empty or equals <paramref name="ownResource"/>.</returns>
    public static string? OtherThanOwn(string? resource, string? ownResource)
    {
        if (IsNone(resource))
        {
            return null;
        }

        return ownResource is not null && Same(resource!, ownResource) ? null : resource;
    }

    /// <summary>Returns whether <paramref name="value"/> is null, empty or white space (or only <c>/</c>).</summary>
    /// <param name="value">The resource or namespace.</param>
    /// <returns><see langword="true"/> when it names nothing.</returns>
    public static bool IsNone(string? value) => value is null || Trim(value).IsEmpty;

    /// <summary>Returns whether two resource ids or namespaces name the same thing.</summary>
    /// <param name="a">One.</param>
    /// <param name="b">The other.</param>
    /// <returns><see langword="true"/> when they are equal but for case, surrounding white space and a trailing <c>/</c>.</returns>
    public static bool Same(string a, string b) =>
        ReferenceEquals(a, b) || Trim(a).Equals(Trim(b), StringComparison.OrdinalIgnoreCase);

    /// <summary>Returns the canonical form, for a series key: trimmed, without a trailing <c>/</c>, upper case.</summary>
    /// <param name="value">The resource or namespace.</param>
    /// <returns>The canonical form.</returns>
    public static string Canonical(string value) => Trim(value).ToString().ToUpperInvariant();

    private static ReadOnlySpan<char> Trim(string value) => value.AsSpan().Trim().TrimEnd('/');
}
