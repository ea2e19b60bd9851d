using ScaleSets.Model;

namespace ScaleSets.Configuration;

/// <summary>Options of <see cref="AutoscaleSettingLoader.Load(string, SettingLoadOptions)"/>.</summary>
public sealed class SettingLoadOptions
{
    /// <summary>Gets or sets the largest capacity a profile may allow.</summary>
    /// <value>The default is <see cref="ScaleCapacity.InstanceLimit"/> (1000).</value>
    public int InstanceLimit { get; set; } = ScaleCapacity.InstanceLimit;

    /// <summary>
    /// Gets or sets the path of an ARM deployment parameters file (<c>{ "parameters": { "name": { "value": … } } }</c>)
    /// whose values an ARM template's <c>parameters(…)</c> take before their <c>defaultValue</c>; <see langword="null"/>
    /// for none. Ignored, with a warning, when the setting is not a template.
    /// </summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? ParametersFile { get; set; }
}
