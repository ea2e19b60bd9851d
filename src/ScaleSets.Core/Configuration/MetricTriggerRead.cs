using ScaleSets.Model;

namespace ScaleSets.Configuration;

/// <summary>
/// A metric trigger as it is read: the trigger, and what an Azure document's source is told from once every property
/// is read (an Azure rule names no source; its namespace and resource do).
/// </summary>
internal sealed class MetricTriggerRead
{
    /// <summary>Gets the trigger read into.</summary>
    public MetricTrigger Trigger { get; } = new();

    /// <summary>Gets or sets whether the native <c>source</c> property was given.</summary>
    public bool SourceGiven { get; set; }

    /// <summary>Gets or sets the <c>metricNamespace</c> as written.</summary>
    public string? MetricNamespace { get; set; }

    /// <summary>Gets or sets the <c>metricResourceUri</c> as written.</summary>
    public string? MetricResourceUri { get; set; }
}
