namespace ScaleSets.Configuration;

/// <summary>The JSON shape an autoscale setting was read from.</summary>
public enum SettingFormat
{
    /// <summary>The native ScaleSets format written by <see cref="AutoscaleSettingJson.Write"/>.</summary>
    Native,

    /// <summary>
    /// An Azure <c>Microsoft.Insights/autoscalesettings</c> resource: an ARM resource with <c>properties</c>, or the flat
    /// shape printed by <c>az monitor autoscale show</c>.
    /// </summary>
    AzureResource,

    /// <summary>
    /// An ARM deployment template (languageVersion 2.0 included) holding exactly one
    /// <c>Microsoft.Insights/autoscalesettings</c> resource, at its top or in an inline nested deployment.
    /// </summary>
    AzureTemplate,

    /// <summary>A Kubernetes <c>autoscaling/v2</c> <c>HorizontalPodAutoscaler</c> manifest, in YAML or JSON.</summary>
    KubernetesHpa,
}
