using ScaleSets.Abstractions;

namespace ScaleSets.Orleans.Grains;

/// <summary>A <see cref="ScaleSetModel"/> as it crosses the cluster (grain calls and grain storage).</summary>
[GenerateSerializer]
public sealed class ScaleSetModelSpec
{
    /// <summary>Gets or sets the model's version.</summary>
    /// <value>The default is empty, which is invalid.</value>
    [Id(0)]
    public string Version { get; set; } = string.Empty;

    /// <summary>Gets or sets the image new instances boot from.</summary>
    /// <value>The default is empty, which is invalid.</value>
    [Id(1)]
    public string ImageReference { get; set; } = string.Empty;

    /// <summary>Gets or sets the instance size.</summary>
    /// <value>The default is empty (the provider's default).</value>
    [Id(2)]
    public string Size { get; set; } = string.Empty;

    /// <summary>Gets or sets the custom data passed to new instances.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    [Id(3)]
    public string? CustomData { get; set; }

    /// <summary>Gets the tags given to new instances.</summary>
    [Id(4)]
    public Dictionary<string, string> Tags { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Creates the spec of <paramref name="model"/>.</summary>
    /// <param name="model">The model.</param>
    /// <returns>The spec.</returns>
    public static ScaleSetModelSpec From(ScaleSetModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var spec = new ScaleSetModelSpec { Version = model.Version, ImageReference = model.ImageReference, Size = model.Size, CustomData = model.CustomData };
        foreach (var (key, value) in model.Tags)
        {
            spec.Tags[key] = value;
        }

        return spec;
    }

    /// <summary>Returns the model this spec describes.</summary>
    /// <returns>The model.</returns>
    public ScaleSetModel ToModel() => new()
    {
        Version = Version,
        ImageReference = ImageReference,
        Size = Size,
        CustomData = CustomData,
        Tags = new Dictionary<string, string>(Tags ?? [], StringComparer.Ordinal),
    };
}
