namespace ScaleSets.Abstractions;

/// <summary>
/// The central model every instance of a scale set is created from, as in Azure's scale set model: changing it
/// (a new <see cref="Version"/>) makes existing instances outdated until a rolling upgrade replaces them.
/// </summary>
public sealed record ScaleSetModel
{
    /// <summary>Gets the model version; instances record the version they were created from.</summary>
    /// <value>Required; must not be empty.</value>
    public required string Version { get; init; }

    /// <summary>Gets the image or template reference, for example a golden VHDX path or an image id.</summary>
    /// <value>Required; must not be empty.</value>
    public required string ImageReference { get; init; }

    /// <summary>Gets the instance size, for example <c>Standard_D2s_v5</c> or <c>2cpu-4gb</c>.</summary>
    /// <value>The default is an empty string (the provider's default size).</value>
    public string Size { get; init; } = string.Empty;

    /// <summary>Gets the custom data handed to the instance at first boot (cloud-init, unattend), or <see langword="null"/>.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? CustomData { get; init; }

    /// <summary>Gets the tags written on every instance.</summary>
    /// <value>The default is no tags.</value>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
