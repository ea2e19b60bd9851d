using System.Text.Json;
using ScaleSets.Model;

namespace ScaleSets.Configuration;

/// <summary>
/// A setting's top level as it is read: the setting, and what is settled only once every property is read (Azure's
/// predictive policy takes its target from the profiles, wherever it stands in the document).
/// </summary>
internal sealed class SettingBodyRead
{
    /// <summary>Gets the setting read into.</summary>
    public AutoscaleSetting Setting { get; init; } = new();

    /// <summary>Gets or sets whether the native <c>predictive</c> property was given.</summary>
    public bool PredictiveGiven { get; set; }

    /// <summary>Gets or sets Azure's <c>predictiveAutoscalePolicy</c> and its path, when given.</summary>
    public (JsonElement Value, string Path)? AzurePredictive { get; set; }
}
